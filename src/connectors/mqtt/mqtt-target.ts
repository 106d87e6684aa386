import type { OpenContext, Target, TargetOpenOptions } from '../../core/connector.js';
import { brokerConnectionLost, brokerFailed } from '../queue/broker-error.js';
import { encodeMessage } from '../queue/encode-message.js';
import type { MqttConfig } from './mqtt-config.js';
import type { MqttTargetOptions } from './mqtt-target-options.js';
import { openMqttClient } from './open-mqtt-client.js';

/** Publishes one QoS 1 message per row; write resolves when the broker sent every PUBACK. */
export async function openMqttTarget(
  context: OpenContext<MqttConfig>,
  request: TargetOpenOptions<MqttTargetOptions>,
): Promise<Target> {
  const { topic, retain } = request.options;
  const { client, address } = await openMqttClient(context.system, context.config, { clean: true });
  let closed = false;

  return {
    async write({ rows }, signal) {
      signal.throwIfAborted();
      try {
        await Promise.all(
          rows.map((row) => client.publishAsync(topic, encodeMessage(row), { qos: 1, retain })),
        );
      } catch (error) {
        throw client.connected
          ? brokerFailed(address, `publishing to topic "${topic}"`, error, 'write')
          : brokerConnectionLost(address, error, 'write');
      }
      return { written: rows.length, rejected: [] };
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.endAsync().catch(() => {});
    },
  };
}
