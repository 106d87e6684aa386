import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { brokerConnectionLost, brokerFailed, destinationNotFound, reasonOf } from '../queue/broker-error.js';
import { messageBatches, type Pull } from '../queue/message-batches.js';
import type { NatsConfig } from './nats-config.js';
import type { NatsSourceOptions } from './nats-source-options.js';
import { type NatsSession, openNatsConnection } from './open-nats-connection.js';

/**
 * A durable pull consumer on a JetStream stream, with explicit acknowledgements. Each pull
 * request asks for at most one batch; messages are acknowledged (and the server's reply
 * awaited) only when the engine says their batch is durable. What is not acknowledged is
 * delivered again after ackWaitMs — to the next run, or after a crash.
 */
export async function openNatsSource(
  context: OpenContext<NatsConfig>,
  request: SourceOpenOptions<NatsSourceOptions>,
): Promise<Source> {
  const { options, batchSize } = request;
  const session = await openNatsConnection(context.system, context.config);
  try {
    await ensureConsumer(session, options);
  } catch (error) {
    await session.close();
    throw error;
  }
  const consumer = await session.js.consumers.get(options.stream, options.consumer);
  let taken = 0;
  /** The pull request being read: at most one batch is ever requested ahead of the engine. */
  let current:
    | { readonly messages: ConsumerMessages; readonly iterator: AsyncIterator<JsMsg>; count: number }
    | undefined;
  const stopCurrent = () => {
    // stop(), not close(): close() waits for the iterator to be read to its end.
    current?.messages.stop();
    current = undefined;
  };
  const pull: Pull = async (idleMs, signal) => {
    for (;;) {
      signal.throwIfAborted();
      if (current === undefined) {
        const budget = options.maxMessages === undefined ? batchSize : options.maxMessages - taken;
        // The server waits up to `expires` (1 s at least) to fill the request: that is the idle wait.
        const messages = await consumer.fetch({
          max_messages: Math.min(batchSize, budget),
          expires: Math.max(idleMs, 1000),
        });
        current = { messages, iterator: messages[Symbol.asyncIterator](), count: 0 };
      }
      const open = current;
      const stop = () => open.messages.stop();
      signal.addEventListener('abort', stop, { once: true });
      let step: IteratorResult<JsMsg>;
      try {
        step = await open.iterator.next();
      } finally {
        signal.removeEventListener('abort', stop);
      }
      signal.throwIfAborted();
      if (!step.done) {
        open.count++;
        taken++;
        const message = step.value;
        return { body: message.data, settle: () => settle(message), release: () => message.nak() };
      }
      current = undefined;
      if (open.count === 0) return undefined;
    }
  };
  const batches = messageBatches({
    batchSize,
    limits: options,
    where: `system "${context.system}" stream "${options.stream}"`,
    pull,
  });

  return {
    incremental: true,
    async *read(_from, signal) {
      taken = 0;
      try {
        yield* batches.read(signal);
      } catch (error) {
        if (signal.aborted && error === signal.reason) throw error;
        throw session.connection.isClosed()
          ? brokerConnectionLost(session.address, error, 'read')
          : brokerFailed(session.address, `reading stream "${options.stream}"`, error, 'read');
      } finally {
        stopCurrent();
      }
    },
    acknowledge: (checkpoint) => batches.acknowledge(checkpoint),
    async close() {
      // A run that failed before its commit gives its messages back now, not after ackWaitMs.
      batches.releaseHeld();
      await session.connection.flush().catch(() => {});
      await session.close();
    },
  };
}

/** ackAck waits for the server's confirmation: an acknowledgement lost on the way would redeliver. */
async function settle(message: JsMsg): Promise<void> {
  if (!(await message.ackAck())) throw new Error('the server did not confirm the acknowledgement');
}

async function ensureConsumer(session: NatsSession, options: NatsSourceOptions): Promise<void> {
  try {
    await session.jsm.streams.info(options.stream);
  } catch (error) {
    if (/not found/i.test(reasonOf(error))) {
      throw destinationNotFound(session.address, `stream "${options.stream}"`, error);
    }
    throw brokerFailed(session.address, `looking up stream "${options.stream}"`, error);
  }
  try {
    await session.jsm.consumers.info(options.stream, options.consumer);
    return;
  } catch (error) {
    if (!/not found/i.test(reasonOf(error))) {
      throw brokerFailed(session.address, `looking up consumer "${options.consumer}"`, error);
    }
  }
  await session.jsm.consumers.add(options.stream, {
    durable_name: options.consumer,
    ack_policy: 'explicit' as const,
    deliver_policy: 'all' as const,
    ack_wait: options.ackWaitMs * 1_000_000,
    ...(options.subject !== undefined ? { filter_subject: options.subject } : {}),
  });
}
