import { z } from 'zod';
import { piiSchema } from './pii-schema.js';
import { duration } from './schema-common.js';

export const limitsSchema = z
  .strictObject({
    requestsPerSecond: z
      .number()
      .positive()
      .optional()
      .describe(
        'Most calls per second syncline makes to the system (batch reads and writes), spaced evenly.',
      ),
    circuitBreaker: z
      .strictObject({
        failures: z
          .number()
          .int()
          .min(1)
          .default(5)
          .describe('Consecutive failures (timeouts, system down) that open the circuit (default 5).'),
        probeAfter: duration
          .default('30s')
          .describe('How long an open circuit waits before one probe call (default 30s).'),
      })
      .optional()
      .describe('Stop calling a failing system for a while, then probe it once, instead of hammering it.'),
  })
  .describe('How hard syncline may use the system (docs/reliability.md).');

export const systemSchema = z.strictObject({
  kind: z
    .string()
    .min(1)
    .describe(
      'Connector kind (sqlite, files, ...) or "manual" for a system that takes part but is not connected.',
    ),
  title: z.string().optional().describe('Human name of the system.'),
  owner: z.string().optional().describe('Who owns the system (team or address).'),
  limits: limitsSchema.optional(),
  connection: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      'How to reach the system; checked against the connector kind. Secrets only as ${env:X} or ${file:path}.',
    ),
  api: z
    .strictObject({
      available: z.boolean().describe('Whether the system offers an API or direct access.'),
      documented: z
        .enum(['well', 'partly', 'poorly', 'none'])
        .optional()
        .describe('Quality of its documentation.'),
      docs: z.string().optional().describe('Where the documentation is.'),
    })
    .optional()
    .describe('Whether the system can be reached by software, and how well that is documented.'),
  auth: z
    .strictObject({
      method: z
        .enum(['none', 'database', 'basic', 'api-key', 'bearer', 'oauth2', 'certificate', 'other'])
        .describe('How the credentials are presented.'),
      notes: z.string().optional().describe('Who issues the credentials, how they are rotated, ...'),
    })
    .optional()
    .describe('How syncline authenticates to the system.'),
  volume: z
    .strictObject({
      perDay: z.number().nonnegative().optional().describe('Records per day, typical.'),
      perHour: z.number().nonnegative().optional().describe('Records per hour at peak.'),
      peak: z.string().optional().describe('When the peaks are, e.g. "weekdays 09:00-11:00".'),
    })
    .optional()
    .describe('How many records the system handles; the plan checks triggers against it.'),
  charset: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Characters the system can store when its schema does not say (an application that shows only windows-1252, say): any encoding name, or ascii. Values are fitted to it (flows' fit: unencodable).",
    ),
  pii: piiSchema.optional(),
  notes: z.string().optional().describe('Anything worth knowing: manual steps, caveats, contacts.'),
});
