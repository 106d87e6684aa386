import { z } from 'zod';
import { queueReadOptions } from '../queue/queue-read-options.js';

/** The `from:` options of an mqtt source (kept apart so the registry loads no MQTT client). */
export const mqttSourceOptions = z.strictObject({
  topic: z.string().min(1).describe('Topic filter to subscribe to (+ and # wildcards allowed), at QoS 1.'),
  clientId: z
    .string()
    .min(1)
    .describe(
      'Fixed client id of the persistent session: the broker keeps messages for it while the flow is not running. Unique per flow.',
    ),
  ...queueReadOptions,
});

export type MqttSourceOptions = z.infer<typeof mqttSourceOptions>;
