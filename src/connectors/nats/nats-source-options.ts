import { z } from 'zod';
import { queueReadOptions } from '../queue/queue-read-options.js';

/** The `from:` options of a nats source (kept apart so the registry loads no NATS client). */
export const natsSourceOptions = z.strictObject({
  stream: z.string().min(1).describe('The JetStream stream to read; it must exist.'),
  consumer: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _')
    .describe('Durable consumer name: created on first use, it keeps the position between runs.'),
  subject: z
    .string()
    .min(1)
    .optional()
    .describe('Only messages on this subject (wildcards allowed) — set on creation.'),
  ackWaitMs: z
    .number()
    .int()
    .min(1000)
    .default(300_000)
    .describe(
      'How long (ms) the server waits for an acknowledgement before delivering a message again (default 300000) — longer than a batch takes to write.',
    ),
  ...queueReadOptions,
});

export type NatsSourceOptions = z.infer<typeof natsSourceOptions>;
