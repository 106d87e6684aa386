import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhook } from '../../src/connectors/webhook/webhook.js';
import { webhookConfig } from '../../src/connectors/webhook/webhook-config.js';
import type { Source } from '../../src/core/connector.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import { required } from '../conformance/conformance-data.js';
import { freePort } from '../support/free-port.js';
import { type QueueFlowBench, queueFlowBench } from './queue-flow.js';

/**
 * The webhook source in real runs: real HTTP requests on loopback, the real engine and state
 * store, a real SQLite target. Signatures are made here independently (Standard Webhooks).
 */

const secret = `whsec_${randomBytes(24).toString('base64')}`;
let bench: QueueFlowBench;
let port: number;

beforeAll(async () => {
  bench = await queueFlowBench(2);
});
// A port per test: a pooled keep-alive connection must never reach the previous test's listener.
beforeEach(async () => {
  port = await freePort();
});
afterAll(async () => {
  await bench.close();
});

const open = (options: Record<string, unknown> = {}) =>
  required(webhook.source).open(
    { system: 'hooks', config: webhookConfig.parse({ port, path: '/in', secret }), baseDir: '.' },
    { options: webhookSourceOptions({ idleMs: 1500, ...options }), key: ['id'], batchSize: 2 },
  );
const webhookSourceOptions = (options: Record<string, unknown>) =>
  required(webhook.source).options.parse(options);

function sign(body: string, at = Math.floor(Date.now() / 1000), key = secret): Record<string, string> {
  const id = `msg_${randomBytes(6).toString('hex')}`;
  const bytes = Buffer.from(key.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', bytes).update(`${id}.${at}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(at),
    'webhook-signature': `v1,${signature}`,
  };
}

async function post(body: string, headers = sign(body)): Promise<{ status: number; rowsAtAnswer: number[] }> {
  const response = await fetch(`http://127.0.0.1:${port}/in`, { method: 'POST', headers, body });
  // Read the target the moment the answer arrives: a 2xx must find the records there already.
  const rowsAtAnswer = bench.rows().map((row) => row.id);
  await response.arrayBuffer();
  return { status: response.status, rowsAtAnswer };
}

/** Runs the flow on an already listening source while `send` makes requests. */
async function runWhile<T>(source: Source, send: () => Promise<T>, failCommit = false) {
  const running = bench.run(() => Promise.resolve(source), { failCommit });
  try {
    return { sent: await send(), run: await running };
  } finally {
    await running;
  }
}

describe('webhook source', () => {
  it('answers 2xx only after the records are written; refuses bad signatures, stale timestamps, bad JSON', async () => {
    const source = await open();
    const { sent, run } = await runWhile(source, async () => {
      const body = JSON.stringify({ id: 99, name: 'forged' });
      const forged = await post(body, sign(body, undefined, `whsec_${randomBytes(24).toString('base64')}`));
      const stale = await post(body, sign(body, Math.floor(Date.now() / 1000) - 6 * 60));
      const unsigned = await post(body, { 'content-type': 'application/json' });
      const broken = '{"id": 5,';
      const notJson = await post(broken, sign(broken));
      const one = await post(JSON.stringify({ id: 1, name: 'one' }));
      const many = await post(
        JSON.stringify([
          { id: 2, name: 'two' },
          { id: 3, name: 'three' },
          { id: 4, name: 'four' },
        ]),
      );
      return { one, many, forged, stale, unsigned, notJson };
    });
    expect(sent.one.status).toBe(200);
    expect(sent.one.rowsAtAnswer).toContain(1);
    expect(sent.many.status).toBe(200);
    expect(sent.many.rowsAtAnswer).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(sent.forged.status).toBe(401);
    expect(sent.stale.status).toBe(401);
    expect(sent.unsigned.status).toBe(401);
    expect(sent.notJson.status).toBe(400);
    expect(run).toMatchObject({ status: 'succeeded', read: 4, written: 4 });
    expect(bench.rows().map((row) => row.id)).toEqual([1, 2, 3, 4]);
  });

  it('refuses an oversize body with 413', async () => {
    const source = await required(webhook.source).open(
      {
        system: 'hooks',
        config: webhookConfig.parse({ port, path: '/in', secret, maxBodyBytes: 64 }),
        baseDir: '.',
      },
      { options: webhookSourceOptions({ idleMs: 300 }), key: ['id'], batchSize: 2 },
    );
    const body = JSON.stringify({ id: 7, name: 'x'.repeat(200) });
    const { sent } = await runWhile(source, () => post(body));
    expect(sent.status).toBe(413);
  });

  it('a record that is not an object is a dead letter; the request is still answered once it is stored', async () => {
    const source = await open();
    const body = JSON.stringify([{ id: 8, name: 'eight' }, 'just text']);
    const { sent, run } = await runWhile(source, () => post(body));
    expect(sent.status).toBe(200);
    expect(run).toMatchObject({ status: 'succeeded', written: 1, deadLettered: 1 });
    const letters = await bench.store.listDeadLetters({ flow: 'queue-in' });
    expect(letters.map((letter) => letter.payload)).toContainEqual({ raw: '"just text"' });
  });

  it('a failed commit answers 503, never 2xx: the sender sends again', async () => {
    const source = await open();
    const body = JSON.stringify({ id: 9, name: 'nine' });
    const { sent, run } = await runWhile(source, () => post(body), true);
    expect(run.status).toBe('failed');
    expect(sent.status).toBe(503);
  });

  it('a port already in use: one clear error naming the system', async () => {
    const first = await open();
    try {
      const error = await open().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ code: 'port-in-use' });
      expect((error as Error).message).toContain(`System "hooks": cannot listen on 127.0.0.1:${port}`);
    } finally {
      await first.close();
    }
  });
});
