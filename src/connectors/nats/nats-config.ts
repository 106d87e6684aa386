import { z } from 'zod';

/** The `connection:` block of a nats system (NATS with JetStream). */
export const natsConfig = z
  .strictObject({
    servers: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .default('nats://127.0.0.1:4222')
      .describe('Server URL or URLs, nats://host:4222 (default nats://127.0.0.1:4222).'),
    user: z.string().min(1).optional().describe('User name, with password.'),
    password: z
      .string()
      .optional()
      .describe('Password; use a secret reference such as ${env:NATS_PASSWORD}.'),
    token: z
      .string()
      .min(1)
      .optional()
      .describe('Token authentication instead of user and password (a secret reference).'),
    connectTimeout: z
      .number()
      .int()
      .positive()
      .default(10_000)
      .describe('How long (ms) to wait for the server before reporting it unreachable (default 10000).'),
  })
  .refine((config) => config.token === undefined || config.user === undefined, {
    message: 'give user and password, or token, not both',
  });

export type NatsConfig = z.infer<typeof natsConfig>;
