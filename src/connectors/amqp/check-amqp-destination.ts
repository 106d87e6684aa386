import type { Channel } from 'amqplib';
import { brokerFailed, destinationNotFound, reasonOf } from '../queue/broker-error.js';
import type { AmqpConnection } from './open-amqp-connection.js';

/**
 * Checks that a queue or exchange exists, on a channel of its own: RabbitMQ closes the channel
 * a failed check ran on, and the working channel must survive.
 */
export async function checkAmqpDestination(
  connection: AmqpConnection,
  what: { readonly queue: string } | { readonly exchange: string },
): Promise<void> {
  const channel = await connection.model.createChannel();
  channel.on('error', () => {});
  try {
    if ('queue' in what) await channel.checkQueue(what.queue);
    else if (what.exchange !== '') await channel.checkExchange(what.exchange);
  } catch (error) {
    const name = 'queue' in what ? `queue "${what.queue}"` : `exchange "${what.exchange}"`;
    if (/404|NOT_FOUND/.test(reasonOf(error))) throw destinationNotFound(connection.address, name, error);
    throw brokerFailed(connection.address, `checking ${name}`, error);
  } finally {
    await closeQuietly(channel);
  }
}

async function closeQuietly(channel: Channel): Promise<void> {
  try {
    await channel.close();
  } catch {
    // Already closed by the broker after the failed check.
  }
}
