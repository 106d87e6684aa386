import { z } from 'zod';
import type { WriteMode } from '../../core/connector.js';

/** The `to:` options and modes of an amqp target (kept apart so the registry loads no amqplib). */
export const amqpTargetOptions = z
  .strictObject({
    queue: z.string().min(1).optional().describe('Publish straight to this queue (it must exist).'),
    exchange: z.string().min(1).optional().describe('Publish to this exchange (it must exist) ...'),
    routingKey: z.string().default('').describe('... with this routing key (default empty).'),
  })
  .refine((options) => (options.queue === undefined) !== (options.exchange === undefined), {
    message: 'give either queue or exchange (with routingKey)',
  });

export type AmqpTargetOptions = z.infer<typeof amqpTargetOptions>;

/** A queue only takes new messages: what the consumer does with them is its own business. */
export const amqpTargetModes: readonly WriteMode[] = ['insert'];
