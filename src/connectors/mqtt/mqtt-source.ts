import type { IPublishPacket } from 'mqtt';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { brokerConnectionLost, brokerFailed } from '../queue/broker-error.js';
import { messageBatches } from '../queue/message-batches.js';
import { messageInbox } from '../queue/message-inbox.js';
import type { MqttConfig } from './mqtt-config.js';
import type { MqttSourceOptions } from './mqtt-source-options.js';
import { openMqttClient } from './open-mqtt-client.js';

interface HeldMessage {
  readonly packet: IPublishPacket;
  /** Lets mqtt.js send the PUBACK and go on to the next packet. */
  readonly release: () => void;
}

/**
 * Subscribes at QoS 1 with a persistent session (clean: false, fixed client id), so messages
 * published while the flow is not running wait in the broker. The PUBACK of a message is sent
 * only when the engine says its batch is durable; unacknowledged messages are sent again by the
 * broker on the next connection. mqtt.js hands over the next message only after the previous
 * one was acknowledged, so each batch holds one message (docs/connectors/mqtt.md).
 */
export async function openMqttSource(
  context: OpenContext<MqttConfig>,
  request: SourceOpenOptions<MqttSourceOptions>,
): Promise<Source> {
  const { options } = request;
  const inbox = messageInbox<HeldMessage>();
  const session = await openMqttClient(context.system, context.config, {
    clientId: options.clientId,
    clean: false,
    handleMessage: (packet, callback) => inbox.push({ packet, release: () => callback() }),
  });
  const { client, address } = session;
  // With a session present the broker is already sending what it kept, and mqtt.js handles
  // packets in order: awaiting a SUBACK behind a held message would wait forever. The kept
  // session still has its subscription (a changed topic needs a new clientId).
  if (!session.sessionPresent) await subscribe();
  async function subscribe(): Promise<void> {
    try {
      const granted = await client.subscribeAsync(options.topic, { qos: 1 });
      if (granted.some((grant) => grant.qos > 2)) {
        throw new Error(`the broker refused the subscription to "${options.topic}"`);
      }
    } catch (error) {
      client.end(true);
      throw brokerFailed(address, `subscribing to topic "${options.topic}"`, error);
    }
  }
  client.on('close', () => inbox.fail(brokerConnectionLost(address, new Error('connection closed'), 'read')));

  const batches = messageBatches({
    // One at a time: the next message arrives only after this one's PUBACK.
    batchSize: 1,
    limits: options,
    where: `system "${context.system}" topic "${options.topic}"`,
    pull: async (idleMs, signal) => {
      const held = await inbox.next(idleMs, signal);
      if (held === undefined) return undefined;
      return { body: toBytes(held.packet.payload), settle: async () => held.release() };
    },
  });
  let closed = false;

  return {
    incremental: true,
    read: (_from, signal) => batches.read(signal),
    acknowledge: (checkpoint) => batches.acknowledge(checkpoint),
    async close() {
      if (closed) return;
      closed = true;
      // Without the PUBACKs, the broker keeps what is held for the next connection of this client id.
      await client.endAsync(true).catch(() => {});
    },
  };
}

function toBytes(payload: IPublishPacket['payload']): Uint8Array {
  return typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
}
