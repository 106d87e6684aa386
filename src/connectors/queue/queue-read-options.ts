import { z } from 'zod';

/** How long a run of a queue source reads: until the queue is idle, or a message budget is spent. */
export const queueReadOptions = {
  idleMs: z
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(1000)
    .describe('The run ends when no message came for this long (ms, default 1000).'),
  maxMessages: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The run ends after this many messages (default: no limit, read until idle).'),
};

export interface QueueReadLimits {
  readonly idleMs: number;
  readonly maxMessages?: number | undefined;
}
