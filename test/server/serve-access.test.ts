import path from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessControl } from '../../src/server/auth/access-control.js';
import type { Role } from '../../src/server/auth/role.js';
import type { ServingProject } from '../../src/server/serve-project.js';
import { pagePaths } from '../../src/server/web-app.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { DeadLetter, StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import {
  editSpec,
  eventually,
  issueRoleTokens,
  loadServedProject,
  logLines,
  serveOnLoopback,
} from './serve-harness.js';

const flow = 'customers-to-erp';
const secret = 'crm-path-s3cr3t-Kx72qa';

/**
 * syncline serve with access control as `syncline serve` mounts it (login mode): every API
 * route but health and metrics refuses an anonymous caller, roles are enforced, every operator
 * action lands in the audit log, and a secret configured in the spec appears in no answer.
 */
describe('syncline serve behind access control', () => {
  const copy = copyExample('quick-start');
  const env = { ...process.env, SERVE_CRM_DIR: path.join(copy.dir, 'work', secret) };
  const logs = logLines();
  const routes: RouteOptions[] = [];
  const tokens = new Map<Role, string>();
  let store: StateStore;
  let serving: ServingProject | undefined;

  const call = async (route: string, role?: Role, init: RequestInit = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (role) headers.authorization = `Bearer ${tokens.get(role)}`;
    const response = await fetch(`${serving?.url}${route}`, { ...init, headers });
    return { status: response.status, text: await response.text() };
  };
  const post = (route: string, role: Role | undefined, body: unknown = {}) =>
    call(route, role, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    // The CRM database sits in a folder whose name is the secret, so error messages and paths
    // that mention it would leak it.
    editSpec(copy.spec, [['path: work/crm.db', 'path: "${env:SERVE_CRM_DIR}/../crm.db"']]);
    const project = await loadServedProject(copy.spec, env);
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    for (const [role, token] of await issueRoleTokens(store.access)) tokens.set(role, token);
    serving = await serveOnLoopback({
      project,
      store,
      env,
      logTo: logs.stream,
      auth: async (app) => {
        app.addHook('onRoute', (route) => {
          routes.push(route);
        });
        await app.register(accessControl({ store: store.access, mode: 'login' }));
      },
    });
  });
  afterAll(async () => {
    await serving?.close(10_000);
    await store?.close();
    copy.remove();
  });

  it('answers 401 to an anonymous caller on every route but health, metrics and login', async () => {
    // Open by design: health, metrics, login, webhook ingress (it checks its own signatures) and
    // the dashboard's static files (the sign-in page must load; its data comes from the API).
    const open = routes.filter((r) => r.config?.role === 'public').map((r) => r.url);
    expect(new Set(open)).toEqual(
      new Set([
        '/healthz',
        '/readyz',
        '/metrics',
        '/api/login',
        '/hooks/:flow',
        ...pagePaths,
        '/assets/*',
        '/favicon.svg',
      ]),
    );
    const guarded = routes.filter((r) => r.config?.role !== 'public' && r.method !== 'HEAD');
    expect(guarded.length).toBeGreaterThan(15);
    for (const route of guarded) {
      const url = route.url.replace(':flow', flow).replace(':id', 'dl-000001');
      for (const method of [route.method].flat()) {
        const answer = await call(url, undefined, { method });
        expect(answer.status, `${method} ${route.url}`).toBe(401);
      }
    }
    for (const url of ['/healthz', '/metrics']) expect((await call(url)).status).toBe(200);
  });

  it('lets an operator run and replay, refuses a viewer (403), and audits every action', async () => {
    expect((await call('/api/flows', 'viewer')).status).toBe(200);
    expect((await post(`/api/flows/${flow}/run`, 'viewer')).status).toBe(403);
    expect((await post(`/api/flows/${flow}/run`, 'operator')).status).toBeLessThan(300);
    const letters = await eventually('dead letters of the run', async () => {
      const answer = await call(`/api/flows/${flow}/dead-letters`, 'viewer');
      const list = (JSON.parse(answer.text) as { deadLetters: DeadLetter[] }).deadLetters;
      return list.length === 3 ? list : undefined;
    });
    const letter = letters[0] as DeadLetter;
    expect((await post(`/api/dead-letters/${letter.id}/replay`, 'viewer')).status).toBe(403);
    const replay = await post(`/api/dead-letters/${letter.id}/replay`, 'operator');
    expect(replay.status).toBe(200);
    const discard = await post(`/api/dead-letters/${letter.id}/discard`, 'operator', {
      reason: 'duplicate of a corrected record',
    });
    expect(discard.status).toBe(200);
    const run = (await store.listRuns({ flow, limit: 1 }))[0];
    expect((await post(`/api/runs/${run?.id}/rollback`, 'operator', { confirm: true })).status).toBe(403);

    const audit = await store.access.listAudit();
    const seen = audit.map((e) => [e.actor, e.action, e.outcome]);
    expect(seen).toContainEqual(['token:operator-bot', 'api.run', 'ok']);
    expect(seen).toContainEqual(['token:operator-bot', 'api.replay', 'ok']);
    expect(seen).toContainEqual(['token:operator-bot', 'api.discard', 'ok']);
    expect(seen).toContainEqual(['token:viewer-bot', 'POST /api/flows/:flow/run', 'denied']);
    expect(seen).toContainEqual(['token:viewer-bot', 'POST /api/dead-letters/:id/replay', 'denied']);
    expect(seen).toContainEqual(['token:operator-bot', 'POST /api/runs/:id/rollback', 'denied']);
  });

  it('shows the configured secret in no answer, page or log line', async () => {
    const pages = routes
      .filter((r) => [r.method].flat().includes('GET') && !r.url.includes('events'))
      .map((r) => r.url.replace(':flow', flow).replace(':id', 'dl-000001'));
    for (const url of [...new Set(pages), '/api/flows/nope', '/api/runs/run-999999']) {
      const answer = await call(url, 'admin');
      expect(answer.text, url).not.toContain(secret);
    }
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) expect(line).not.toContain(secret);
    for (const letter of await store.listDeadLetters({})) {
      expect(JSON.stringify(letter)).not.toContain(secret);
    }
  });
});
