import { z } from 'zod';
import { queueReadOptions } from '../queue/queue-read-options.js';

/** The `from:` options of an amqp source (kept apart so the registry loads no amqplib). */
export const amqpSourceOptions = z.strictObject({
  queue: z.string().min(1).describe('The queue to consume; it must exist.'),
  ...queueReadOptions,
});

export type AmqpSourceOptions = z.infer<typeof amqpSourceOptions>;
