import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nats } from '../../src/connectors/nats/nats.js';
import { natsConfig } from '../../src/connectors/nats/nats-config.js';
import { encodeMessage } from '../../src/connectors/queue/encode-message.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import type { Row } from '../../src/core/row.js';
import { required } from '../conformance/conformance-data.js';
import { freePort } from '../support/free-port.js';
import { type QueueFlowBench, queueFlowBench } from './queue-flow.js';

/** The nats connector with the engine and the real NATS JetStream: delivery guarantees and errors. */

const server = 'nats://127.0.0.1:4222';
const stream = `syncline_test_${randomUUID().slice(0, 8)}`;
let connection: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let bench: QueueFlowBench;

const context = (config: Record<string, unknown> = { servers: server }) => ({
  system: 'bus',
  config: natsConfig.parse({ connectTimeout: 3000, ...config }),
  baseDir: '.',
});

beforeAll(async () => {
  connection = await connect({ servers: server });
  js = jetstream(connection);
  jsm = await jetstreamManager(connection);
  await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
  bench = await queueFlowBench(2);
});
afterAll(async () => {
  await jsm.streams.delete(stream);
  await connection.close();
  await bench.close();
});

const rows = (ids: readonly number[]): Row[] => ids.map((id) => ({ id, name: `item ${id}` }));
const publish = async (bodies: readonly Uint8Array[]) => {
  for (const body of bodies) await js.publish(`${stream}.in`, body);
};
const pending = async () => (await jsm.consumers.info(stream, 'flow')).num_pending;
const openSource = () =>
  required(nats.source).open(context(), {
    options: { stream, consumer: 'flow', subject: `${stream}.in`, idleMs: 300, ackWaitMs: 60_000 },
    key: ['id'],
    batchSize: 2,
  });

describe('nats source with the engine', () => {
  it('acknowledges only after the commit: a failed commit leaves every message to the next run', async () => {
    await publish(rows([1, 2, 3, 4, 5]).map(encodeMessage));
    const crashed = await bench.run(openSource, { failCommit: true });
    expect(crashed.status).toBe('failed');
    const info = await jsm.consumers.info(stream, 'flow');
    expect(info.ack_floor.stream_seq).toBe(0);

    const next = await bench.run(openSource);
    expect(next).toMatchObject({ status: 'succeeded', read: 5, written: 5 });
    expect(bench.rows().map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(await pending()).toBe(0);
    expect((await jsm.consumers.info(stream, 'flow')).num_ack_pending).toBe(0);
  });

  it('dead-letters a message that is not a JSON object, with its raw text, and goes on', async () => {
    await publish([encodeMessage({ id: 6, name: 'six' }), Buffer.from('not json'), Buffer.from('"text"')]);
    const run = await bench.run(openSource);
    expect(run).toMatchObject({ status: 'succeeded', read: 3, written: 1, deadLettered: 2 });
    const letters = await bench.store.listDeadLetters({ flow: 'queue-in' });
    expect(letters.map((letter) => letter.payload)).toEqual(
      expect.arrayContaining([{ raw: 'not json' }, { raw: '"text"' }]),
    );
    expect((await jsm.consumers.info(stream, 'flow')).num_ack_pending).toBe(0);
  });

  it('the target de-duplicates a batch written twice (same Nats-Msg-Id)', async () => {
    const target = await required(nats.target).open(context(), {
      options: { subject: `${stream}.out` },
      key: ['id'],
      mode: 'insert',
      resume: undefined,
    });
    try {
      const before = (await jsm.streams.info(stream)).state.messages;
      const signal = new AbortController().signal;
      const batch = rows([1, 2]);
      expect(await target.write({ rows: batch, key: ['id'], mode: 'insert' }, signal)).toEqual({
        written: 2,
        rejected: [],
      });
      await target.write({ rows: batch, key: ['id'], mode: 'insert' }, signal);
      // A changed record with the same key is a new message.
      await target.write({ rows: [{ id: 1, name: 'changed' }], key: ['id'], mode: 'insert' }, signal);
      expect((await jsm.streams.info(stream)).state.messages - before).toBe(3);
    } finally {
      await target.close();
    }
  });
});

describe('nats errors', () => {
  it('unreachable: a transient error naming the system and the server', async () => {
    const error = await required(nats.source)
      .open(context({ servers: 'nats://127.0.0.1:1' }), {
        options: { stream, consumer: 'x', idleMs: 300, ackWaitMs: 60_000 },
        key: [],
        batchSize: 2,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ kind: 'transient', code: 'unreachable' });
    expect((error as Error).message).toContain('System "bus": cannot reach NATS at 127.0.0.1:1');
  });

  it('a missing stream, or a subject no stream captures: a config error naming it', async () => {
    const source = await required(nats.source)
      .open(context(), {
        options: { stream: 'syncline_no_such_stream', consumer: 'x', idleMs: 300, ackWaitMs: 60_000 },
        key: [],
        batchSize: 2,
      })
      .catch((e: unknown) => e);
    expect(source).toMatchObject({ kind: 'config', code: 'table-not-found' });
    expect((source as Error).message).toContain('stream "syncline_no_such_stream"');
    const target = await required(nats.target)
      .open(context(), {
        options: { subject: 'syncline.nowhere' },
        key: [],
        mode: 'insert',
        resume: undefined,
      })
      .catch((e: unknown) => e);
    expect(target).toMatchObject({ kind: 'config', code: 'table-not-found' });
  });

  describe('against a server that requires a password', () => {
    let child: ChildProcess;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      child = spawn(
        '/usr/sbin/nats-server',
        ['-a', '127.0.0.1', '-p', String(port), '--user', 'app', '--pass', 'right'],
        {
          stdio: 'ignore',
        },
      );
      await waitForPort(port);
    });
    afterAll(() => {
      child.kill();
    });

    it('wrong credentials: one config error naming the system, without the password', async () => {
      const error = await required(nats.target)
        .open(context({ servers: `nats://127.0.0.1:${port}`, user: 'app', password: 'wrong' }), {
          options: { subject: 'x' },
          key: [],
          mode: 'insert',
          resume: undefined,
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'config', code: 'auth-failed' });
      expect((error as Error).message).toContain('System "bus"');
      expect((error as Error).message).not.toContain('wrong');
    });
  });
});

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const probe = await connect({
        servers: `nats://127.0.0.1:${port}`,
        user: 'app',
        pass: 'right',
        timeout: 500,
      });
      await probe.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nats-server did not start on port ${port}`);
}
