import { z } from 'zod';

/** The `from:` options of a webhook source (kept apart so the registry loads no HTTP listener). */
export const webhookSourceOptions = z.strictObject({
  idleMs: z
    .number()
    .int()
    .min(10)
    .max(3_600_000)
    .default(1000)
    .describe('The run ends when no request came for this long (ms, default 1000).'),
  maxRequests: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The run ends after this many accepted requests.'),
});

export type WebhookSourceOptions = z.infer<typeof webhookSourceOptions>;
