import { createHash } from 'node:crypto';
import type { OpenContext, Target, TargetOpenOptions } from '../../core/connector.js';
import { encodeValue } from '../../core/encode-payload.js';
import { brokerConnectionLost, brokerFailed, destinationNotFound, reasonOf } from '../queue/broker-error.js';
import { encodeMessage } from '../queue/encode-message.js';
import type { NatsConfig } from './nats-config.js';
import type { NatsTargetOptions } from './nats-target-options.js';
import { openNatsConnection } from './open-nats-connection.js';

/**
 * Publishes one message per row to JetStream and awaits each publish acknowledgement: the
 * message is stored when write resolves. Every message carries a Nats-Msg-Id derived from the
 * subject, the row's key and its content, so a batch written again after a crash (before its
 * checkpoint) is dropped as a duplicate inside the stream's duplicate window, while a later
 * change of the same record is not.
 */
export async function openNatsTarget(
  context: OpenContext<NatsConfig>,
  request: TargetOpenOptions<NatsTargetOptions>,
): Promise<Target> {
  const { subject } = request.options;
  const session = await openNatsConnection(context.system, context.config);
  try {
    await session.jsm.streams.find(subject);
  } catch (error) {
    await session.close();
    if (/no stream matches subject|not found/i.test(reasonOf(error))) {
      throw destinationNotFound(session.address, `stream capturing subject "${subject}"`, error);
    }
    throw brokerFailed(session.address, `looking up the stream of subject "${subject}"`, error);
  }

  return {
    async write({ rows, key }, signal) {
      signal.throwIfAborted();
      try {
        // Published together, each acknowledgement awaited: the batch is stored when all resolve.
        await Promise.all(
          rows.map((row) => {
            const body = encodeMessage(row);
            return session.js.publish(subject, body, { msgID: messageId(subject, key, row, body) });
          }),
        );
      } catch (error) {
        throw session.connection.isClosed()
          ? brokerConnectionLost(session.address, error, 'write')
          : brokerFailed(session.address, `publishing to subject "${subject}"`, error, 'write');
      }
      return { written: rows.length, rejected: [] };
    },
    close: () => session.close(),
  };
}

function messageId(
  subject: string,
  key: readonly string[],
  row: Readonly<Record<string, unknown>>,
  body: Buffer,
): string {
  const hash = createHash('sha256').update(subject).update('\0');
  hash.update(JSON.stringify(key.map((column) => encodeValue(row[column])))).update('\0');
  return hash.update(body).digest('base64url');
}
