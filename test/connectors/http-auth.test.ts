import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../src/core/integration-error.js';
import { credentials, startTestApi, type TestApi } from '../support/test-api/test-api.mjs';
import { readAll } from './helpers.js';
import { adminCall, failureOf, openSource, peopleCollection } from './http-test-api.js';

let api: TestApi;
let name: string;
beforeAll(async () => {
  api = await startTestApi({ tls: true });
  name = await peopleCollection(api, 4);
});
afterAll(async () => {
  await api.close();
});

const from = () => ({ path: `/api/${name}`, records: '$.data.items', pagination: { style: 'page' } });
const oauth2 = (secret = credentials.clientSecret, clientAuth = 'basic') => ({
  type: 'oauth2',
  tokenUrl: `${api.url}/oauth/token`,
  clientId: credentials.clientId,
  clientSecret: secret,
  clientAuth,
});

/** Opens a source with this auth, reads everything, closes; returns the record count. */
async function readWith(auth: unknown, connection: Record<string, unknown> = {}): Promise<number> {
  const source = await openSource({ baseUrl: api.url, auth, ...connection }, from(), 10);
  try {
    return (await readAll(source)).flatMap((b) => b.rows).length;
  } finally {
    await source.close();
  }
}

describe('http auth', () => {
  it('sends an API key in a header or in the query, basic credentials, or a bearer token', async () => {
    expect(await readWith({ type: 'api-key', value: credentials.apiKey })).toBe(4);
    expect(await readWith({ type: 'api-key', in: 'query', name: 'api_key', value: credentials.apiKey })).toBe(
      4,
    );
    expect(
      await readWith({ type: 'basic', username: credentials.username, password: credentials.password }),
    ).toBe(4);
    expect(await readWith({ type: 'bearer', token: credentials.bearer })).toBe(4);
  });

  it('refuses wrong credentials with one config error naming the system and the auth to check', async () => {
    const error = await failureOf(readWith({ type: 'bearer', token: 'wrong' }));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ kind: 'config', code: 'http-unauthorized' });
    expect((error as Error).message).toContain('System "rest"');
    expect((error as IntegrationError).hint).toContain('bearer token (auth.token)');
    expect((error as Error).message).not.toContain('wrong');
  });

  it('gets an OAuth2 token once and reuses it while it is valid (basic and post client auth)', async () => {
    await adminCall(api, 'POST', '/_admin/token-ttl', { seconds: 3600 });
    const before = api.state.tokenRequests;
    expect(await readWith(oauth2())).toBe(4);
    expect(api.state.tokenRequests - before).toBe(1);
    expect(await readWith(oauth2(credentials.clientSecret, 'post'))).toBe(4);
    expect(api.state.tokenRequests - before).toBe(2);
  });

  it('refreshes the token before it expires', async () => {
    // Tokens live 1 s: the connector refreshes a fifth of the lifetime early, so a read that
    // starts 1 s after the open must fetch a new token rather than send a dead one.
    await adminCall(api, 'POST', '/_admin/token-ttl', { seconds: 1 });
    const source = await openSource({ baseUrl: api.url, auth: oauth2() }, from(), 10);
    try {
      const before = api.state.tokenRequests;
      const probe = api.state.requests.at(-1)?.authorization;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const from = api.state.requests.length;
      expect((await readAll(source)).flatMap((b) => b.rows)).toHaveLength(4);
      expect(api.state.tokenRequests - before).toBe(1);
      // Two pages (4 records, then the empty one), each sent once with the new token: no 401 and resend.
      const sent = api.state.requests.slice(from).filter((r) => r.path === `/api/${name}`);
      expect(sent).toHaveLength(2);
      for (const request of sent) expect(request.authorization).not.toBe(probe);
    } finally {
      await source.close();
      await adminCall(api, 'POST', '/_admin/token-ttl', { seconds: 3600 });
    }
  });

  it('fetches a new token once when the API answers 401 to a cached one', async () => {
    const source = await openSource({ baseUrl: api.url, auth: oauth2() }, from(), 10);
    try {
      await adminCall(api, 'POST', '/_admin/revoke-tokens');
      const before = api.state.tokenRequests;
      expect((await readAll(source)).flatMap((b) => b.rows)).toHaveLength(4);
      expect(api.state.tokenRequests - before).toBe(1);
    } finally {
      await source.close();
    }
  });

  it('reports a wrong client secret as one clear config error', async () => {
    const error = await failureOf(readWith(oauth2('not-the-secret')));
    expect(error).toMatchObject({ kind: 'config', code: 'http-auth-failed' });
    const message = (error as Error).message;
    expect(message).toContain('System "rest"');
    expect(message).toContain(`refused client "${credentials.clientId}"`);
    expect(message).toContain('invalid_client');
    expect(message).not.toContain('not-the-secret');
  });
});

describe('http mTLS', () => {
  const tlsConnection = (tls: Record<string, unknown>) => ({ baseUrl: api.tlsUrl, tls });

  it('reads through a listener that requires a client certificate (paths relative to the spec dir)', async () => {
    const certs = api.certificates as NonNullable<TestApi['certificates']>;
    const source = await openSource(
      {
        ...tlsConnection({ cert: 'client.pem', key: 'client.key', ca: 'ca.pem' }),
        auth: { type: 'api-key', value: credentials.apiKey },
      },
      from(),
      10,
      certs.dir,
    );
    try {
      expect((await readAll(source)).flatMap((b) => b.rows)).toHaveLength(4);
    } finally {
      await source.close();
    }
  });

  it('without a client certificate fails with one config error pointing at tls', async () => {
    const certs = api.certificates as NonNullable<TestApi['certificates']>;
    const error = await failureOf(
      openSource(
        { ...tlsConnection({ ca: 'ca.pem' }), auth: { type: 'api-key', value: credentials.apiKey } },
        from(),
        10,
        certs.dir,
      ),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'http-tls-failed' });
    expect((error as IntegrationError).hint).toContain('tls');
  });

  it('names a missing certificate file', async () => {
    const error = await failureOf(
      openSource(tlsConnection({ cert: 'nowhere.pem', key: 'nowhere.key' }), from(), 10, '/tmp'),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'http-tls-file-not-found' });
    expect((error as Error).message).toContain('/tmp/nowhere.pem');
  });
});
