import type { ConnectorDefinition } from '../../core/connector.js';
import { type MqttConfig, mqttConfig } from './mqtt-config.js';
import { type MqttSourceOptions, mqttSourceOptions } from './mqtt-source-options.js';
import { type MqttTargetOptions, mqttTargetModes, mqttTargetOptions } from './mqtt-target-options.js';

/**
 * MQTT 3.1.1 at QoS 1: a persistent-session subscriber acknowledging after durability; a publisher awaiting PUBACK.
 * The definition holds only the option schemas; mqtt.js and its helpers load on first use.
 */
export const mqtt: ConnectorDefinition<MqttConfig, MqttSourceOptions, MqttTargetOptions> = {
  kind: 'mqtt',
  summary:
    'MQTT broker (3.1.1, QoS 1): subscribe to a topic with a persistent session (one JSON object per message, acknowledged only after it is written); publish to a topic, each message acknowledged by the broker.',
  config: mqttConfig,
  source: {
    options: mqttSourceOptions,
    // The persistent session keeps the position: each run takes what arrived since.
    isIncremental: () => true,
    open: async (context, options) => (await import('./mqtt-source.js')).openMqttSource(context, options),
  },
  target: {
    options: mqttTargetOptions,
    modes: mqttTargetModes,
    open: async (context, options) => (await import('./mqtt-target.js')).openMqttTarget(context, options),
  },
};
