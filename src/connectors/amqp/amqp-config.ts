import { z } from 'zod';

/** The `connection:` block of an amqp system (RabbitMQ). */
export const amqpConfig = z.strictObject({
  url: z
    .string()
    .regex(/^amqps?:\/\//, 'an amqp:// or amqps:// URL')
    .describe('amqp://user:password@host:5672/vhost — put the password in a ${env:...} reference.'),
  connectTimeout: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('How long (ms) to wait for the broker before reporting it unreachable (default 10000).'),
});

export type AmqpConfig = z.infer<typeof amqpConfig>;
