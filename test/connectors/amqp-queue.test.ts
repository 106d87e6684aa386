import { randomUUID } from 'node:crypto';
import { type ChannelModel, connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amqp } from '../../src/connectors/amqp/amqp.js';
import { amqpConfig } from '../../src/connectors/amqp/amqp-config.js';
import { encodeMessage } from '../../src/connectors/queue/encode-message.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import type { Row } from '../../src/core/row.js';
import { required } from '../conformance/conformance-data.js';
import { type QueueFlowBench, queueFlowBench } from './queue-flow.js';

/** The amqp connector with the engine and the real RabbitMQ: delivery guarantees and errors. */

const url = 'amqp://guest:guest@127.0.0.1:5672';
const context = (connection = url) => ({
  system: 'rabbit',
  config: amqpConfig.parse({ url: connection, connectTimeout: 3000 }),
  baseDir: '.',
});
const queue = `syncline-test-${randomUUID()}`;
let model: ChannelModel;
let bench: QueueFlowBench;

beforeAll(async () => {
  model = await connect(url);
  const channel = await model.createChannel();
  await channel.assertQueue(queue, { durable: true });
  await channel.close();
  bench = await queueFlowBench(2);
});
afterAll(async () => {
  const channel = await model.createChannel();
  await channel.deleteQueue(queue);
  await model.close();
  await bench.close();
});

async function publish(bodies: readonly Buffer[]): Promise<void> {
  const channel = await model.createConfirmChannel();
  for (const body of bodies) channel.sendToQueue(queue, body, { persistent: true });
  await channel.waitForConfirms();
  await channel.close();
}

async function queueDepth(): Promise<number> {
  const channel = await model.createChannel();
  const { messageCount } = await channel.checkQueue(queue);
  await channel.close();
  return messageCount;
}

const openSource = () =>
  amqp.source?.open(context(), { options: { queue, idleMs: 300 }, key: ['id'], batchSize: 2 }) ??
  Promise.reject(new Error('no source'));
const rows = (ids: readonly number[]): Row[] => ids.map((id) => ({ id, name: `item ${id}` }));

describe('amqp source with the engine', () => {
  it('acknowledges only after the commit: a failed commit leaves every message to the next run', async () => {
    await publish(rows([1, 2, 3, 4, 5]).map(encodeMessage));
    const crashed = await bench.run(openSource, { failCommit: true });
    expect(crashed.status).toBe('failed');
    // The first batch was written to the target but never committed: nothing was acknowledged.
    expect(await queueDepth()).toBe(5);

    const next = await bench.run(openSource);
    expect(next.status).toBe('succeeded');
    expect(next.read).toBe(5);
    expect(bench.rows().map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(await queueDepth()).toBe(0);
  });

  it('dead-letters a message that is not a JSON object, with its raw text, and goes on', async () => {
    await publish([encodeMessage({ id: 6, name: 'six' }), Buffer.from('not json'), Buffer.from('[1,2]')]);
    const run = await bench.run(openSource);
    expect(run.status).toBe('succeeded');
    expect(run).toMatchObject({ read: 3, written: 1, deadLettered: 2 });
    const letters = await bench.store.listDeadLetters({ flow: 'queue-in' });
    const raw = letters.map((letter) => letter.payload);
    expect(raw).toEqual(expect.arrayContaining([{ raw: 'not json' }, { raw: '[1,2]' }]));
    expect(letters.every((letter) => letter.stage === 'read' && letter.code === 'not-a-json-object')).toBe(
      true,
    );
    expect(await queueDepth()).toBe(0);
  });

  it('ends a run after maxMessages, leaving the rest in the queue', async () => {
    await publish(rows([7, 8, 9]).map(encodeMessage));
    const limited = () =>
      amqp.source?.open(context(), {
        options: { queue, idleMs: 300, maxMessages: 2 },
        key: ['id'],
        batchSize: 5,
      }) ?? Promise.reject(new Error('no source'));
    expect(await bench.run(limited)).toMatchObject({ status: 'succeeded', read: 2 });
    expect(await queueDepth()).toBe(1);
    expect(await bench.run(openSource)).toMatchObject({ status: 'succeeded', read: 1 });
  });
});

describe('amqp errors', () => {
  const openWith = (connection: string, name = queue) =>
    required(amqp.source).open(context(connection), {
      options: { queue: name, idleMs: 300 },
      key: [],
      batchSize: 2,
    });

  it('wrong credentials: one config error naming the system', async () => {
    const error = await openWith('amqp://guest:wrong@127.0.0.1:5672').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ kind: 'config', code: 'auth-failed' });
    expect((error as Error).message).toContain('"rabbit"');
    expect((error as Error).message).not.toContain('wrong');
  });

  it('unreachable: a transient error naming the system and the server', async () => {
    const error = await openWith('amqp://guest:guest@127.0.0.1:1').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'transient', code: 'unreachable' });
    expect((error as Error).message).toContain('RabbitMQ at 127.0.0.1:1');
  });

  it('a missing queue: a config error naming it', async () => {
    const error = await openWith(url, 'syncline-no-such-queue').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'config', code: 'table-not-found' });
    expect((error as Error).message).toContain('queue "syncline-no-such-queue"');
  });

  it('an unroutable message is a rejected row, the rest is written', async () => {
    const exchange = `syncline-test-x-${randomUUID()}`;
    const channel = await model.createChannel();
    await channel.assertExchange(exchange, 'direct', { durable: false, autoDelete: false });
    await channel.bindQueue(queue, exchange, 'in');
    const target = await amqp.target?.open(context(), {
      options: { exchange, routingKey: 'nowhere' },
      key: ['id'],
      mode: 'insert',
      resume: undefined,
    });
    try {
      const result = await target?.write(
        { rows: rows([1]), key: ['id'], mode: 'insert' },
        new AbortController().signal,
      );
      expect(result?.written).toBe(0);
      expect(result?.rejected.map((r) => r.issue.code)).toEqual(['unroutable']);
    } finally {
      await target?.close();
      await channel.deleteExchange(exchange);
      await channel.close();
    }
  });
});
