import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/connectors/http/retry-after.js';
import { credentials, startTestApi, type TestApi } from '../support/test-api/test-api.mjs';
import { readAll } from './helpers.js';
import { addFault, failureOf, openSource, peopleCollection } from './http-test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tls: false });
});
afterAll(async () => {
  await api.close();
});

const connection = (extra: Record<string, unknown> = {}) => ({
  baseUrl: api.url,
  auth: { type: 'api-key', value: credentials.apiKey },
  ...extra,
});
const from = (name: string) => ({
  path: `/api/${name}`,
  records: '$.data.items',
  pagination: { style: 'page' },
});
const sentTo = (name: string, since: number) =>
  api.state.requests.slice(since).filter((r) => r.path === `/api/${name}`);

/** Opens a source on a new collection, injects `fault`, then reads everything. */
async function readThrough(fault: Parameters<typeof addFault>[1], extra: Record<string, unknown> = {}) {
  const name = await peopleCollection(api, 2);
  const source = await openSource(connection(extra), from(name), 10);
  const since = api.state.requests.length;
  await addFault(api, { path: `/api/${name}`, ...fault });
  try {
    const rows = (await readAll(source)).flatMap((b) => b.rows);
    return { rows, sent: sentTo(name, since) };
  } finally {
    await source.close();
  }
}

describe('http rate limits and failures', () => {
  it('waits as long as a 429 Retry-After (seconds) says, then goes on', async () => {
    const { rows, sent } = await readThrough({ status: 429, retryAfter: 1 });
    expect(rows).toHaveLength(2);
    const [limited, retried] = sent;
    expect(retried?.query).toEqual(limited?.query);
    // At least the second Retry-After asked for (less a clock tick): this bound cannot flake.
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('honours a 503 Retry-After given as an HTTP date', async () => {
    const when = new Date(Date.now() + 1500).toUTCString();
    const { rows, sent } = await readThrough({ status: 503, retryAfter: when });
    expect(rows).toHaveLength(2);
    expect(sent.length).toBe(3); // the 503, the page again, the empty page
  });

  it('fails the read as transient when the API keeps limiting, or asks for too long a wait', async () => {
    const kept = await failureOf(readThrough({ status: 429, retryAfter: 0, times: 5 }, { retries: 2 }));
    expect(kept).toMatchObject({ kind: 'transient', code: 'http-rate-limited' });
    expect((kept as Error).message).toContain('after 2 retries');
    const long = await failureOf(readThrough({ status: 429, retryAfter: 3600 }, { maxRetryWait: 5000 }));
    expect(long).toMatchObject({ kind: 'transient', code: 'http-rate-limited' });
  });

  it('fails a 500 and a response slower than the timeout as transient', async () => {
    expect(await failureOf(readThrough({ status: 500 }))).toMatchObject({
      kind: 'transient',
      code: 'http-server-error',
    });
    expect(await failureOf(readThrough({ delayMs: 1500 }, { timeout: 300 }))).toMatchObject({
      kind: 'transient',
      code: 'http-timeout',
    });
  });

  it('keeps to the requests-per-second budget', async () => {
    const name = await peopleCollection(api, 7);
    const source = await openSource(connection({ requestsPerSecond: 5 }), from(name), 1);
    const since = api.state.requests.length;
    try {
      expect((await readAll(source)).flatMap((b) => b.rows)).toHaveLength(7);
    } finally {
      await source.close();
    }
    const sent = sentTo(name, since);
    expect(sent).toHaveLength(8); // 7 pages of one record and the empty one
    // 5 per second with a burst of 1: n requests span at least (n - 1) / 5 seconds.
    const span = (sent.at(-1)?.at ?? 0) - (sent[0]?.at ?? 0);
    expect(span).toBeGreaterThanOrEqual(((sent.length - 1) / 5) * 1000 - 10);
  });

  it('reads Retry-After in seconds or as a date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
