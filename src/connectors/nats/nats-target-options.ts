import { z } from 'zod';
import type { WriteMode } from '../../core/connector.js';

/** The `to:` options and modes of a nats target (kept apart so the registry loads no NATS client). */
export const natsTargetOptions = z.strictObject({
  subject: z.string().min(1).describe('Subject to publish on; a JetStream stream must capture it.'),
});

export type NatsTargetOptions = z.infer<typeof natsTargetOptions>;

/** A stream only takes new messages. */
export const natsTargetModes: readonly WriteMode[] = ['insert'];
