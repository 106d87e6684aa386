import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { accessControl } from '../../src/server/auth/access-control.js';
import { issueToken } from '../../src/server/auth/api-token.js';
import { createLoginLimiter } from '../../src/server/auth/login-limiter.js';
import { hashPassword } from '../../src/server/auth/password-hash.js';
import type { Role } from '../../src/server/auth/role.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * A fastify server with the access-control plugin and one test route per role, on a real
 * state store in a temp folder, with a clock the test moves. Users ana (viewer), olu
 * (operator) and ada (admin) share the password below; one token per role.
 */
export interface AccessFixture {
  readonly app: FastifyInstance;
  readonly store: StateStore;
  readonly dbPath: string;
  readonly tokens: Readonly<Record<Role, string>>;
  readonly password: string;
  advance(ms: number): void;
  close(): Promise<void>;
}

export const users = { viewer: 'ana', operator: 'olu', admin: 'ada' } as const;

export async function startAccessFixture(
  options: { mode?: 'login' | 'open'; https?: boolean } = {},
): Promise<AccessFixture> {
  const temp = makeTempDir('access');
  const dbPath = path.join(temp.dir, '.syncline', 'state.db');
  const store = await openSqliteStore(dbPath);
  let clock = Date.parse('2026-03-02T09:00:00Z');
  const password = 'a long test password 1';
  const passwordHash = await hashPassword(password);
  const at = new Date(clock).toISOString();
  const tokens = {} as Record<Role, string>;
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    await store.access.addUser({ name: users[role], role, passwordHash, createdAt: at, updatedAt: at });
    const issued = issueToken();
    await store.access.addToken({
      id: issued.id,
      name: `${role}-bot`,
      role,
      hash: issued.hash,
      createdAt: at,
    });
    tokens[role] = issued.token;
  }
  const app = Fastify({ trustProxy: true });
  await app.register(
    accessControl({
      store: store.access,
      mode: options.mode ?? 'login',
      now: () => new Date(clock),
      sessionIdleMs: 3600_000,
      sessionMaxMs: 4 * 3600_000,
      limiter: createLoginLimiter({ maxFailures: 3, windowMs: 600_000, lockoutMs: 900_000 }),
    }),
  );
  app.get('/healthz', { config: { role: 'public' } }, async () => ({ ok: true }));
  app.get('/api/flows', { config: { role: 'viewer' } }, async () => ({ flows: [] }));
  app.post('/api/flows/:flow/run', { config: { role: 'operator' } }, async (request) => ({
    started: (request.params as { flow: string }).flow,
  }));
  app.post('/api/runs/:id/rollback', { config: { role: 'admin' } }, async () => ({ rolledBack: true }));
  app.post('/api/flows/:flow/fail', { config: { role: 'operator' } }, async (_request, reply) =>
    reply.code(500).send({ error: 'boom' }),
  );
  // Declares no role: must be treated as admin-only (fail closed).
  app.get('/api/undeclared', async () => ({ secret: 'settings' }));
  await app.ready();
  return {
    app,
    store,
    dbPath,
    tokens,
    password,
    advance: (ms) => {
      clock += ms;
    },
    close: async () => {
      await app.close();
      await store.close();
      temp.remove();
    },
  };
}

/** Logs in and returns the cookie header value and the CSRF token. */
export async function login(
  app: FastifyInstance,
  name: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string; setCookie: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/login', payload: { name, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const setCookie = String(response.headers['set-cookie']);
  return { cookie: setCookie.split(';')[0] ?? '', csrfToken: response.json().csrfToken, setCookie };
}
