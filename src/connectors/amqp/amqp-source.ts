import type { Channel, ConsumeMessage } from 'amqplib';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { brokerConnectionLost } from '../queue/broker-error.js';
import { messageBatches } from '../queue/message-batches.js';
import { messageInbox } from '../queue/message-inbox.js';
import type { AmqpConfig } from './amqp-config.js';
import type { AmqpSourceOptions } from './amqp-source-options.js';
import { checkAmqpDestination } from './check-amqp-destination.js';
import { openAmqpConnection } from './open-amqp-connection.js';

/**
 * Consumes a RabbitMQ queue with manual acknowledgements. The prefetch is the batch size, so
 * the broker never hands over more than one batch ahead; messages are acknowledged only when
 * the engine says their batch is durable, and a closed channel gives the rest back to the queue.
 */
export async function openAmqpSource(
  context: OpenContext<AmqpConfig>,
  request: SourceOpenOptions<AmqpSourceOptions>,
): Promise<Source> {
  const { options, batchSize } = request;
  const connection = await openAmqpConnection(context.system, context.config);
  let channel: Channel;
  try {
    await checkAmqpDestination(connection, { queue: options.queue });
    channel = await connection.model.createChannel();
    await channel.prefetch(batchSize);
  } catch (error) {
    await connection.model.close().catch(() => {});
    throw error;
  }
  const inbox = messageInbox<ConsumeMessage>();
  const lost = (error: unknown) => inbox.fail(brokerConnectionLost(connection.address, error, 'read'));
  channel.on('error', lost);
  channel.on('close', () => lost(new Error('channel closed')));

  const batches = messageBatches({
    batchSize,
    limits: options,
    where: `system "${context.system}" queue "${options.queue}"`,
    pull: async (idleMs, signal) => {
      const message = await inbox.next(idleMs, signal);
      if (message === undefined) return undefined;
      return { body: message.content, settle: async () => channel.ack(message) };
    },
  });
  let closed = false;

  return {
    incremental: true,
    async *read(_from, signal) {
      const { consumerTag } = await channel.consume(options.queue, (message) => {
        if (message) inbox.push(message);
        else lost(new Error(`the broker cancelled the consumer of queue "${options.queue}"`));
      });
      try {
        yield* batches.read(signal);
      } finally {
        // Messages that came after the last batch go back to the queue now, not on close.
        await channel.cancel(consumerTag).catch(() => {});
        try {
          for (const message of inbox.drain()) channel.nack(message, false, true);
        } catch {
          // The channel is gone: the broker has put them back already.
        }
      }
    },
    acknowledge: (checkpoint) => batches.acknowledge(checkpoint),
    async close() {
      if (closed) return;
      closed = true;
      // Closing the channel returns every unacknowledged message to the queue.
      await channel.close().catch(() => {});
      await connection.model.close().catch(() => {});
    },
  };
}
