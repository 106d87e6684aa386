import { z } from 'zod';
import { writeModes } from '../core/connector.js';
import { alertRulesSchema } from './alerting-schema.js';
import { compareSchema } from './compare-schema.js';
import { errorsSchema } from './errors-schema.js';
import { fieldSchema, onInvalidSchema } from './field-schema.js';
import { fitSchema } from './fit-schema.js';
import { duration, keyList, name } from './schema-common.js';

const endpointBase = {
  system: name.describe('A system declared under systems:.'),
  key: keyList.optional().describe('Key column(s) that identify a record in this system.'),
  batchSize: z.number().int().positive().max(100_000).optional().describe('Rows per batch (default 1000).'),
  maxBatchBytes: z
    .union([
      z.number().int().min(65_536),
      z.string().regex(/^\d+(\.\d+)?\s*(kB|MB|GB)$/, 'write a size such as 16MB, 512kB or 1GB'),
    ])
    .optional()
    .describe(
      'Most row data a batch may hold in memory, estimated (bytes, or e.g. "16MB"; default 4MB). A batch closes at batchSize rows or this, whichever comes first: a larger one is mapped and written in slices, and a SQL source reads on with fewer rows per batch.',
    ),
};

export const fromSchema = z
  .looseObject(endpointBase)
  .describe('Where records come from; other keys (table, file, cursor, ...) depend on the system kind.');

export const toSchema = z
  .looseObject({
    ...endpointBase,
    mode: z.enum(writeModes).optional().describe('insert, upsert (default), update, delete or mirror.'),
  })
  .describe('Where records go; other keys (table, file, ...) depend on the system kind.');

export const triggerSchema = z
  .strictObject({
    schedule: z.string().optional().describe('Cron expression, e.g. "*/15 * * * *".'),
    timezone: z.string().optional().describe('IANA time zone of the schedule (default UTC).'),
    webhook: z.string().optional().describe('Path of the webhook that starts a run.'),
    after: name.optional().describe('Run after this flow succeeds.'),
    manual: z.boolean().optional().describe('Only run on demand.'),
    event: z
      .string()
      .optional()
      .describe('The business event that makes data move, e.g. "a customer signs a contract" (planning).'),
  })
  .describe('What starts a run.');

export const flowSchema = z.strictObject({
  description: z.string().optional().describe('What the flow is for.'),
  entity: name.optional().describe('Entity under entities: that the flow carries.'),
  enabled: z.boolean().default(true).describe('false keeps the flow in the spec without running it.'),
  from: fromSchema,
  to: toSchema,
  trigger: triggerSchema.optional(),
  mapping: z
    .string()
    .optional()
    .describe(
      'Mapping sheet (CSV or XLSX) holding the field mappings, relative to the spec (docs/mapping-sheet.md).',
    ),
  fields: z.array(fieldSchema).optional().describe('Field mappings; without them fields are copied by name.'),
  onInvalid: onInvalidSchema.default('dead-letter'),
  fit: fitSchema.optional(),
  errors: errorsSchema.optional().describe('What happens when reading or writing fails.'),
  backfill: z
    .strictObject({
      from: z
        .string()
        .optional()
        .describe('Oldest cursor value to move, inclusive, e.g. "2015-01-01" (default: all).'),
      to: z.string().optional().describe('Cursor value to stop before, exclusive (default: no limit).'),
      chunk: z.number().int().positive().optional().describe('Records per backfill chunk (default 10000).'),
      rate: z
        .number()
        .positive()
        .optional()
        .describe('Most records per second read from the source (default: no limit).'),
      parallel: z
        .number()
        .int()
        .min(1)
        .max(16)
        .optional()
        .describe('Chunks moved at the same time (default 1).'),
    })
    .optional()
    .describe('How history is moved (see the backfill guide).'),
  compare: compareSchema.optional(),
  rollback: z
    .enum(['journal', 'none'])
    .default('none')
    .describe('journal: keep before-images so a run can be undone.'),
  monitoring: z
    .strictObject({
      expected: z
        .strictObject({
          perRun: z
            .tuple([z.number().nonnegative(), z.number().nonnegative()])
            .optional()
            .describe('[fewest, most] records a run normally moves; outside it is unusual volume.'),
          perDay: z
            .tuple([z.number().nonnegative(), z.number().nonnegative()])
            .optional()
            .describe('[fewest, most] records a day normally moves.'),
        })
        .optional()
        .describe('Normal volumes; an alert is raised outside them.'),
      freshness: duration.optional().describe('Alert when no run succeeded for this long.'),
      alert: z
        .array(name)
        .optional()
        .describe('Alert channels (under alerts:) told of unusual volume and staleness.'),
      rules: alertRulesSchema.optional().describe("This flow's alert rule settings, over alerting.rules."),
    })
    .optional()
    .describe('What is normal for this flow, so that the unusual raises an alert.'),
  data: z
    .string()
    .optional()
    .describe('What data the flow carries, in business terms: "new and changed customers with addresses".'),
  direction: z
    .enum(['one-way', 'two-way'])
    .optional()
    .describe('two-way: another flow carries the same entity back; the entity then needs a conflict policy.'),
  volume: z
    .strictObject({
      perRun: z.number().nonnegative().optional().describe('Records a run moves, typical.'),
      perDay: z.number().nonnegative().optional().describe('Records a day, typical.'),
      peakPerHour: z.number().nonnegative().optional().describe('Records an hour at peak.'),
    })
    .optional()
    .describe(
      'Expected volume (planning estimate); the plan checks the trigger and measured throughput against it.',
    ),
  history: z
    .enum(['backfill', 'none'])
    .optional()
    .describe('Decision on historical data: backfill (move existing records first) or none (only new ones).'),
  rollbackPlan: z
    .string()
    .optional()
    .describe('How a bad go-live of this flow is undone, in words (who decides, what is restored).'),
});
