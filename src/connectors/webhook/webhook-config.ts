import { z } from 'zod';

/** The `connection:` block of a webhook system: where syncline listens, and the shared secret. */
export const webhookConfig = z.strictObject({
  host: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface, behind a TLS proxy).'),
  port: z.number().int().min(1).max(65535).describe('Port to listen on.'),
  path: z
    .string()
    .regex(/^\//, 'starts with /')
    .default('/')
    .describe('Path requests are POSTed to (default /); other paths get 404.'),
  secret: z
    .string()
    .min(16, 'at least 16 characters')
    .describe(
      'Signing secret shared with the sender (Standard Webhooks: whsec_<base64>, or any text); use a secret reference such as ${env:WEBHOOK_SECRET}.',
    ),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(1_048_576)
    .describe('Larger request bodies are refused with 413 (default 1048576 = 1 MiB).'),
});

export type WebhookConfig = z.infer<typeof webhookConfig>;
