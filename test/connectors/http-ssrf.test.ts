import type { LookupAddress } from 'node:dns';
import { BlockList } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressGuard, refusedReason } from '../../src/connectors/http/address-guard.js';
import { credentials, startTestApi, type TestApi } from '../support/test-api/test-api.mjs';
import { readAll } from './helpers.js';
import { failureOf, openSource, peopleCollection } from './http-test-api.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tls: false });
});
afterAll(async () => {
  await api.close();
});

const metadata = 'http://169.254.169.254/latest/meta-data/';

describe('http SSRF guard', () => {
  it('refuses a base URL on the cloud metadata address before connecting', async () => {
    const error = await failureOf(
      openSource({ baseUrl: 'http://169.254.169.254' }, { path: '/latest/meta-data' }),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'http-address-refused' });
    expect((error as Error).message).toContain('169.254.169.254');
  });

  it('refuses a redirect to a host off the allow-list, and to the metadata address even when listed', async () => {
    const path = `/redirect?to=${encodeURIComponent(metadata)}`;
    const offList = await failureOf(openSource({ baseUrl: api.url }, { path }));
    expect(offList).toMatchObject({ kind: 'config', code: 'http-host-not-allowed' });
    const host = new URL(api.url).host;
    const listed = await failureOf(
      openSource({ baseUrl: api.url, allowHosts: [host, '169.254.169.254'] }, { path }),
    );
    expect(listed).toMatchObject({ kind: 'config', code: 'http-address-refused' });
  });

  it('sends no credentials to another origin a redirect leads to', async () => {
    const name = await peopleCollection(api, 1);
    const port = new URL(api.url).port;
    const other = `http://localhost:${port}/api/${name}`;
    const since = api.state.requests.length;
    const error = await failureOf(
      openSource(
        {
          baseUrl: api.url,
          auth: { type: 'bearer', token: credentials.bearer },
          allowHosts: [new URL(api.url).host, `localhost:${port}`],
        },
        { path: `/redirect?to=${encodeURIComponent(other)}`, records: '$.data.items' },
      ),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'http-unauthorized' });
    const redirected = api.state.requests.slice(since).find((r) => r.path === `/api/${name}`);
    expect(redirected?.authorization).toBeNull();
  });

  it('knows link-local and metadata addresses in every spelling', () => {
    const list = new BlockList();
    list.addSubnet('169.254.0.0', 16, 'ipv4');
    list.addSubnet('fe80::', 10, 'ipv6');
    for (const address of [
      '169.254.169.254',
      '169.254.0.1',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      'fe80::1',
    ]) {
      expect(refusedReason(address, list), address).toBeDefined();
    }
    for (const address of ['127.0.0.1', '10.0.0.1', '::1', '2001:db8::1']) {
      expect(refusedReason(address, list), address).toBeUndefined();
    }
  });

  it('checks the address a host name resolves to, when connecting', async () => {
    const table: Record<string, string> = {
      'metadata.internal': '169.254.169.254',
      'api.internal': '127.0.0.1',
    };
    const resolve = ((hostname: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
      callback(null, [{ address: table[hostname] as string, family: 4 }])) as never;
    const guard = createAddressGuard({ system: 'rest', allowHosts: [], allowLinkLocal: false, resolve });
    const lookup = (hostname: string) =>
      new Promise<unknown>((done) => guard.lookup(hostname, {}, (error, address) => done(error ?? address)));
    expect(await lookup('metadata.internal')).toMatchObject({ kind: 'config', code: 'http-address-refused' });
    expect(await lookup('api.internal')).toBe('127.0.0.1');
    const allowing = createAddressGuard({ system: 'rest', allowHosts: [], allowLinkLocal: true, resolve });
    const allowed = await new Promise((done) =>
      allowing.lookup('metadata.internal', {}, (error, address) => done(error ?? address)),
    );
    expect(allowed).toBe('169.254.169.254');
  });

  it('reads normally from an allowed host', async () => {
    const name = await peopleCollection(api, 2);
    const source = await openSource(
      { baseUrl: api.url, auth: { type: 'api-key', value: credentials.apiKey } },
      { path: `/api/${name}`, records: '$.data.items' },
    );
    try {
      expect((await readAll(source)).flatMap((b) => b.rows)).toHaveLength(2);
    } finally {
      await source.close();
    }
  });
});
