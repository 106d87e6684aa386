import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { ConfirmChannel, Message } from 'amqplib';
import type { OpenContext, RejectedRow, Target, TargetOpenOptions } from '../../core/connector.js';
import { recordIssue } from '../../core/issue.js';
import { brokerFailed } from '../queue/broker-error.js';
import { encodeMessage } from '../queue/encode-message.js';
import type { AmqpConfig } from './amqp-config.js';
import type { AmqpTargetOptions } from './amqp-target-options.js';
import { checkAmqpDestination } from './check-amqp-destination.js';
import { openAmqpConnection } from './open-amqp-connection.js';

/**
 * Publishes one persistent message per row on a confirm channel and resolves only when the
 * broker confirmed every one (docs/decisions/0012). A message no queue is bound for comes back
 * as returned (`mandatory`) and is a rejected row `unroutable`; a broker nack fails the batch.
 */
export async function openAmqpTarget(
  context: OpenContext<AmqpConfig>,
  request: TargetOpenOptions<AmqpTargetOptions>,
): Promise<Target> {
  const { options } = request;
  const connection = await openAmqpConnection(context.system, context.config);
  const exchange = options.exchange ?? '';
  const routingKey = options.queue ?? options.routingKey;
  const destination = options.queue
    ? `queue "${options.queue}"`
    : `exchange "${exchange}" key "${routingKey}"`;
  let channel: ConfirmChannel;
  try {
    await checkAmqpDestination(
      connection,
      options.queue ? { queue: options.queue } : { exchange: options.exchange ?? '' },
    );
    channel = await connection.model.createConfirmChannel();
  } catch (error) {
    await connection.model.close().catch(() => {});
    throw error;
  }
  channel.on('error', () => {});
  const returned = new Set<string>();
  channel.on('return', (message: Message) => {
    const id = message.properties.messageId;
    if (typeof id === 'string') returned.add(id);
  });
  let closed = false;

  return {
    async write({ rows }, signal) {
      signal.throwIfAborted();
      const batch = randomUUID();
      returned.clear();
      try {
        for (const [index, row] of rows.entries()) {
          const sent = channel.publish(exchange, routingKey, encodeMessage(row), {
            persistent: true,
            mandatory: true,
            contentType: 'application/json',
            messageId: `${batch}:${index}`,
          });
          if (!sent) await once(channel, 'drain', { signal });
        }
        // Resolves once the broker confirmed every message; rejects if any was nacked.
        await channel.waitForConfirms();
      } catch (error) {
        throw brokerFailed(
          connection.address,
          `publishing to ${destination}`,
          connection.lost() ?? error,
          'write',
        );
      }
      const rejected: RejectedRow[] = [];
      for (const index of rows.keys()) {
        if (!returned.has(`${batch}:${index}`)) continue;
        rejected.push({
          index,
          issue: recordIssue(
            'unroutable',
            '',
            `RabbitMQ returned the message: no queue is bound for ${destination} on system "${context.system}"`,
            { stage: 'write' },
          ),
        });
      }
      return { written: rows.length - rejected.length, rejected };
    },
    async close() {
      if (closed) return;
      closed = true;
      await channel.close().catch(() => {});
      await connection.model.close().catch(() => {});
    },
  };
}
