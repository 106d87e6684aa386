import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idempotencyKey } from '../../src/connectors/http/idempotency-key.js';
import { credentials, startTestApi, type TestApi } from '../support/test-api/test-api.mjs';
import { never } from './helpers.js';
import { addFault, adminCall, failureOf, openTarget, peopleCollection } from './http-test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tls: false });
});
afterAll(async () => {
  await api.close();
});

const connection = (key = credentials.apiKey) => ({
  baseUrl: api.url,
  auth: { type: 'api-key', value: key },
});
const records = async (name: string) =>
  ((await adminCall(api, 'GET', `/_admin/collections/${name}/records`)) as { records: unknown[] }).records;

describe('http target', () => {
  it('sends the same idempotency key when a write is retried, so the API recognises it', async () => {
    const name = await peopleCollection(api, 0);
    const target = await openTarget(connection(), { path: `/api/${name}/{id}` }, 'insert');
    try {
      // The API applies the first POST but the answer is lost (a 500 after the write).
      await addFault(api, { path: `/api/${name}`, method: 'POST', status: 500, afterApply: true });
      const row = { id: 1, name: 'Ada', updated_at: 1 };
      const since = api.state.requests.length;
      const first = await failureOf(target.write({ rows: [row], key: ['id'], mode: 'insert' }, never));
      expect(first).toMatchObject({ kind: 'transient', code: 'http-server-error', stage: 'write' });
      // The engine retries the batch: the key is the same, the API replays its answer (201, not 409).
      expect(await target.write({ rows: [row], key: ['id'], mode: 'insert' }, never)).toEqual({
        written: 1,
        rejected: [],
      });
      const posts = api.state.requests.slice(since).filter((r) => r.method === 'POST');
      expect(posts).toHaveLength(2);
      expect(posts[0]?.idempotencyKey).toMatch(/^[\w-]{43}$/);
      expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
      expect(await records(name)).toEqual([row]);
      // Another change to the same record is another write: a new key, and a real duplicate.
      const changed = await target.write(
        { rows: [{ ...row, name: 'Grace' }], key: ['id'], mode: 'insert' },
        never,
      );
      expect(changed.rejected.map((r) => r.issue.code)).toEqual(['duplicate-key']);
      expect(api.state.requests.at(-1)?.idempotencyKey).not.toBe(posts[0]?.idempotencyKey);
    } finally {
      await target.close();
    }
  });

  it('derives keys from system, method, path and payload only', () => {
    const key = idempotencyKey('crm', 'PUT', '/customers/1', '{"id":1}');
    expect(idempotencyKey('crm', 'put', '/customers/1', '{"id":1}')).toBe(key);
    expect(idempotencyKey('crm', 'PUT', '/customers/2', '{"id":1}')).not.toBe(key);
    expect(idempotencyKey('crm', 'PUT', '/customers/1', '{"id":2}')).not.toBe(key);
    expect(idempotencyKey('erp', 'PUT', '/customers/1', '{"id":1}')).not.toBe(key);
  });

  it('returns a 4xx for one record as a rejected row with the status and the start of the body', async () => {
    const name = await peopleCollection(api, 0);
    const target = await openTarget(connection(), { path: `/api/${name}/{id}` });
    try {
      const rows = [
        { id: 1, name: 'ok' },
        { id: 2, name: null },
        { id: 3, name: 'ok too' },
      ];
      const result = await target.write({ rows, key: ['id'], mode: 'upsert' }, never);
      expect(result.written).toBe(2);
      expect(result.rejected).toHaveLength(1);
      const [reject] = result.rejected;
      expect(reject?.index).toBe(1);
      expect(reject?.issue).toMatchObject({ code: 'http-422', stage: 'write' });
      expect(reject?.issue.message).toContain('422');
      expect(reject?.issue.message).toContain('name is required');
    } finally {
      await target.close();
    }
  });

  it('fails the whole batch on 401 as a config error naming the system and the auth', async () => {
    const name = await peopleCollection(api, 0);
    const target = await openTarget(connection('wrong-key'), { path: `/api/${name}/{id}` });
    try {
      const error = await failureOf(
        target.write({ rows: [{ id: 1, name: 'x' }], key: ['id'], mode: 'upsert' }, never),
      );
      expect(error).toMatchObject({ kind: 'config', code: 'http-unauthorized', stage: 'write' });
      expect((error as Error).message).toContain('System "rest"');
      expect((error as { hint: string }).hint).toContain('API key');
    } finally {
      await target.close();
    }
  });

  it('checks the collection at open when asked to', async () => {
    const error = await failureOf(
      openTarget(connection(), { path: '/api/nothing_here/{id}', check: '/api/nothing_here' }),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'table-not-found' });
    expect((error as Error).message).toContain('/api/nothing_here');
  });

  it('puts each key value in its own URL segment, encoded', async () => {
    const name = await peopleCollection(api, 0);
    const target = await openTarget(connection(), { path: `/api/${name}/{id}` });
    try {
      const result = await target.write(
        { rows: [{ id: '../x', name: 'n' }], key: ['id'], mode: 'upsert' },
        never,
      );
      expect(result.written + result.rejected.length).toBe(1);
      expect(api.state.requests.at(-1)?.path).toBe(`/api/${name}/..%2Fx`);
    } finally {
      await target.close();
    }
  });
});
