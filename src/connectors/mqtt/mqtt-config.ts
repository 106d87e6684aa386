import { z } from 'zod';

/** The `connection:` block of an mqtt system (an MQTT 3.1.1 broker such as Mosquitto). */
export const mqttConfig = z.strictObject({
  url: z
    .string()
    .regex(/^(mqtts?|wss?|tcp|ssl):\/\//, 'an mqtt://, mqtts://, ws:// or wss:// URL')
    .describe('mqtt://host:1883 (mqtts:// for TLS).'),
  username: z.string().min(1).optional().describe('User name, with password.'),
  password: z.string().optional().describe('Password; use a secret reference such as ${env:MQTT_PASSWORD}.'),
  connectTimeout: z
    .number()
    .int()
    .positive()
    .default(10_000)
    .describe('How long (ms) to wait for the broker before reporting it unreachable (default 10000).'),
});

export type MqttConfig = z.infer<typeof mqttConfig>;
