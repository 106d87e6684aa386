import { z } from 'zod';
import type { WriteMode } from '../../core/connector.js';

/** The `to:` options and modes of an mqtt target (kept apart so the registry loads no MQTT client). */
export const mqttTargetOptions = z.strictObject({
  topic: z.string().min(1).describe('Topic to publish to (no wildcards), at QoS 1.'),
  retain: z.boolean().default(false).describe('Publish as retained messages (default false).'),
});

export type MqttTargetOptions = z.infer<typeof mqttTargetOptions>;

/** A topic only takes new messages. */
export const mqttTargetModes: readonly WriteMode[] = ['insert'];
