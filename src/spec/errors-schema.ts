import { z } from 'zod';
import { duration, name } from './schema-common.js';

export const retrySchema = z.strictObject({
  attempts: z.number().int().min(1).max(100).default(3).describe('How many times a batch is tried in all.'),
  backoff: z
    .enum(['fixed', 'exponential'])
    .default('exponential')
    .describe('fixed: the same delay each time; exponential: the delay doubles each time.'),
  delay: duration.default('1s').describe('Delay before the first retry.'),
  maxDelay: duration.default('5m').describe('Longest delay between two tries.'),
});

export const errorsSchema = z.strictObject({
  retry: retrySchema
    .optional()
    .describe('Retries when a whole batch fails for a passing reason (timeout, system down).'),
  deadLetter: z
    .literal(
      true,
      'records that fail are always kept as dead letters; to write them anyway, use onInvalid: warn',
    )
    .default(true)
    .describe(
      'Always true: a record that is not written is kept as a dead letter with its reason. To write invalid records anyway, use onInvalid: warn.',
    ),
  retryRejected: z
    .strictObject({
      attempts: z
        .number()
        .int()
        .min(1)
        .max(100)
        .default(3)
        .describe('Tries in all, the first write included (default 3); 1 turns automatic retries off.'),
    })
    .optional()
    .describe(
      'Records the target rejected are tried again at the end of later runs, through the current mapping, until written or out of attempts.',
    ),
  alert: z.array(name).optional().describe('Alert channels (under alerts:) told of failures.'),
  maxInvalidRate: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Stop the run when more than this share of a batch is invalid (0.5 = 50%).'),
});
