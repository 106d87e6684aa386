import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessFixture, login, startAccessFixture, users } from './access-fixture.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('access control on a fastify server', () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await startAccessFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  const routes = [
    { method: 'GET', url: '/api/flows' },
    { method: 'POST', url: '/api/flows/customers/run' },
    { method: 'POST', url: '/api/runs/run-000001/rollback' },
    { method: 'GET', url: '/api/undeclared' },
    { method: 'GET', url: '/api/me' },
    { method: 'POST', url: '/api/logout' },
    { method: 'GET', url: '/api/no-such-route' },
  ] as const;

  it('answers 401 on every non-public route without credentials, and serves public ones', async () => {
    for (const route of routes) {
      const response = await f.app.inject(route);
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.json().error).toBe('unauthenticated');
    }
    expect((await f.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers 401 to an unknown, malformed or revoked token, and to a made-up session cookie', async () => {
    const headers = [
      bearer('sl_not-a-real-token'),
      { authorization: 'Basic YWRhOnB3' },
      { cookie: 'syncline_session=forged-session-id' },
    ];
    for (const header of headers) {
      expect((await f.app.inject({ method: 'GET', url: '/api/flows', headers: header })).statusCode).toBe(
        401,
      );
    }
    const tokens = await f.store.access.listTokens();
    const revoked = await f.app.inject({
      method: 'GET',
      url: '/api/flows',
      headers: bearer(f.tokens.viewer),
    });
    expect(revoked.statusCode).toBe(200);
    await f.store.access.revokeToken(
      tokens.find((t) => t.role === 'viewer')?.id ?? '',
      new Date().toISOString(),
    );
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/flows', headers: bearer(f.tokens.viewer) })).statusCode,
    ).toBe(401);
  });

  it('checks roles: viewer 403 on operator routes, operator allowed, admin-only routes refuse operators', async () => {
    const call = (method: 'GET' | 'POST', url: string, token: string) =>
      f.app.inject({ method, url, headers: bearer(token) });
    const olu = f.tokens.operator;
    const ada = f.tokens.admin;
    expect((await call('POST', '/api/flows/customers/run', olu)).json()).toEqual({ started: 'customers' });
    expect((await call('GET', '/api/flows', olu)).statusCode).toBe(200);
    const refused = await call('POST', '/api/runs/run-000001/rollback', olu);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: 'role-too-low',
      message: expect.stringMatching(/admin role/),
    });
    expect((await call('GET', '/api/undeclared', olu)).statusCode).toBe(403);
    expect((await call('POST', '/api/runs/run-000001/rollback', ada)).statusCode).toBe(200);
    expect((await call('GET', '/api/undeclared', ada)).statusCode).toBe(200);
  });

  it('gives a viewer session read access and 403 on an operator action', async () => {
    const viewer = await login(f.app, users.viewer, f.password);
    const headers = { cookie: viewer.cookie, 'x-csrf-token': viewer.csrfToken };
    expect((await f.app.inject({ method: 'GET', url: '/api/flows', headers })).statusCode).toBe(200);
    const replay = await f.app.inject({ method: 'POST', url: '/api/flows/customers/run', headers });
    expect(replay.statusCode).toBe(403);
    expect(replay.json().error).toBe('role-too-low');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie, Secure only over TLS', async () => {
    const plain = await login(f.app, users.operator, f.password);
    expect(plain.setCookie).toMatch(
      /^syncline_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    const overTls = await f.app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { name: users.operator, password: f.password },
    });
    expect(String(overTls.headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('requires the CSRF token on state-changing requests of a cookie session; bearer tokens are exempt', async () => {
    const operator = await login(f.app, users.operator, f.password);
    const run = (headers: Record<string, string>) =>
      f.app.inject({ method: 'POST', url: '/api/flows/customers/run', headers });
    const missing = await run({ cookie: operator.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toBe('csrf-token-invalid');
    expect(
      (await run({ cookie: operator.cookie, 'x-csrf-token': `${operator.csrfToken}x` })).statusCode,
    ).toBe(403);
    const other = await login(f.app, users.operator, f.password);
    // The token of another session is wrong for this one.
    expect((await run({ cookie: operator.cookie, 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
    expect((await run({ cookie: operator.cookie, 'x-csrf-token': operator.csrfToken })).statusCode).toBe(200);
    // Reading needs no CSRF token; /api/me hands it out again after a reload.
    const me = await f.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: operator.cookie } });
    expect(me.json()).toEqual({
      user: users.operator,
      role: 'operator',
      via: 'session',
      csrfToken: operator.csrfToken,
    });
    expect((await run(bearer(f.tokens.operator))).statusCode).toBe(200);
  });

  it('answers an unknown user and a wrong password with the same status and message', async () => {
    const attempt = (name: string, password: string) =>
      f.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { name, password },
        remoteAddress: '10.9.9.9',
      });
    const unknown = await attempt('nobody', f.password);
    const wrong = await attempt(users.admin, 'not the password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    const malformed = await f.app.inject({ method: 'POST', url: '/api/login', payload: { name: 'x' } });
    expect(malformed.statusCode).toBe(400);
  });

  it('locks a user out after repeated failures, for a bounded time, even with the right password', async () => {
    const attempt = (password: string, remoteAddress: string) =>
      f.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { name: users.viewer, password },
        remoteAddress,
      });
    for (const address of ['10.1.0.1', '10.1.0.2', '10.1.0.3']) {
      expect((await attempt('guess', address)).statusCode).toBe(401);
    }
    const locked = await attempt(f.password, '10.1.0.4');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toMatch(/try again in 15 minutes/);
    expect(locked.headers['retry-after']).toBe('900');
    f.advance(901_000);
    expect((await attempt(f.password, '10.1.0.4')).statusCode).toBe(200);
  });

  it('ends a session on logout, after the idle time (sliding), and at the absolute limit', async () => {
    const session = await login(f.app, users.viewer, f.password);
    const read = () =>
      f.app.inject({ method: 'GET', url: '/api/flows', headers: { cookie: session.cookie } });
    // Sliding: used every 50 minutes, it outlives the 1-hour idle limit...
    for (let i = 0; i < 4; i += 1) {
      f.advance(50 * 60_000);
      expect((await read()).statusCode, `after ${(i + 1) * 50} min`).toBe(200);
    }
    // ...but not the 4-hour absolute limit.
    f.advance(50 * 60_000);
    expect((await read()).statusCode).toBe(401);

    const idle = await login(f.app, users.viewer, f.password);
    f.advance(61 * 60_000);
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: idle.cookie } })).statusCode,
    ).toBe(401);

    const out = await login(f.app, users.viewer, f.password);
    const logout = await f.app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie: out.cookie, 'x-csrf-token': out.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/^syncline_session=; .*Max-Age=0/);
    expect(
      (await f.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: out.cookie } })).statusCode,
    ).toBe(401);
  });

  it('records every state-changing request and login in the audit log: who, what, target, outcome', async () => {
    const before = (await f.store.access.listAudit()).length;
    await f.app.inject({
      method: 'POST',
      url: '/api/flows/invoices/run',
      headers: bearer(f.tokens.operator),
    });
    await f.app.inject({
      method: 'POST',
      url: '/api/runs/run-000007/rollback',
      headers: bearer(f.tokens.operator),
    });
    await f.app.inject({ method: 'POST', url: '/api/flows/invoices/fail', headers: bearer(f.tokens.admin) });
    await f.app.inject({ method: 'POST', url: '/api/flows/invoices/run' });
    await f.app.inject({ method: 'GET', url: '/api/flows', headers: bearer(f.tokens.admin) });
    await login(f.app, users.admin, f.password);
    const entries = (await f.store.access.listAudit()).slice(before);
    expect(entries.map(({ actor, action, target, outcome }) => ({ actor, action, target, outcome }))).toEqual(
      [
        {
          actor: 'token:operator-bot',
          action: 'POST /api/flows/:flow/run',
          target: 'flow=invoices',
          outcome: 'ok',
        },
        {
          actor: 'token:operator-bot',
          action: 'POST /api/runs/:id/rollback',
          target: 'id=run-000007',
          outcome: 'denied',
        },
        {
          actor: 'token:admin-bot',
          action: 'POST /api/flows/:flow/fail',
          target: 'flow=invoices',
          outcome: 'failed',
        },
        { actor: users.admin, action: 'login', target: undefined, outcome: 'ok' },
      ],
    );
    expect(entries[0]?.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(entries[0]?.origin).toBe('127.0.0.1');
    const failed = (await f.store.access.listAudit()).filter(
      (e) => e.action === 'login' && e.outcome === 'failed',
    );
    expect(failed.map((e) => e.actor)).toContain('nobody');
  });
});

describe('access control with --no-auth (open mode)', () => {
  it('lets every request through as a local admin and still audits actions', async () => {
    const f = await startAccessFixture({ mode: 'open' });
    try {
      const response = await f.app.inject({ method: 'POST', url: '/api/runs/run-000001/rollback' });
      expect(response.statusCode).toBe(200);
      const [entry] = await f.store.access.listAudit();
      expect(entry).toMatchObject({
        actor: 'local (--no-auth)',
        action: 'POST /api/runs/:id/rollback',
        outcome: 'ok',
      });
    } finally {
      await f.close();
    }
  });
});
