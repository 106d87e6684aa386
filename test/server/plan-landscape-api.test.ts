import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessControl } from '../../src/server/auth/access-control.js';
import type { ServingProject } from '../../src/server/serve-project.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import { editSpec, issueRoleTokens, loadServedProject, serveOnLoopback } from './serve-harness.js';

/**
 * GET /api/plan/landscape, the systems inventory of the dashboard's landscape page, on the quick
 * start served for real: what each system records (owner, kind, API, volume, notes), never how
 * to reach it, and only for a signed-in caller.
 */
describe('the landscape API', () => {
  const copy = copyExample('quick-start');
  let store: StateStore;
  let serving: ServingProject | undefined;
  let token = '';

  const call = async (withToken: boolean) => {
    const response = await fetch(`${serving?.url}/api/plan/landscape`, {
      headers: withToken ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    // A connection taken from the environment must not come back, not even redacted.
    editSpec(copy.spec, [
      ['connection: { path: work/crm.db }', 'connection: { path: "${env:CRM_DB_PATH}" }'],
    ]);
    const env = { ...process.env, CRM_DB_PATH: 'work/crm.db' };
    const project = await loadServedProject(copy.spec, env);
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    token = (await issueRoleTokens(store.access)).get('viewer') ?? '';
    serving = await serveOnLoopback({
      project,
      store,
      env,
      admit: () => false,
      auth: async (app) => {
        await app.register(accessControl({ store: store.access, mode: 'login' }));
      },
    });
  });
  afterAll(async () => {
    await serving?.close(10_000);
    await store?.close();
    copy.remove();
  });

  it('lists the systems and flows of the spec, without their connections', async () => {
    const answer = await call(true);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { systems: unknown[]; flows: unknown[] };
    expect(body.systems).toEqual([
      {
        name: 'crm',
        kind: 'sqlite',
        connected: true,
        title: 'Sales CRM',
        owner: 'sales-ops@example.com',
        api: { available: true, documented: 'well' },
        volume: { perDay: 200, peak: 'weekdays 09:00-11:00' },
      },
      {
        name: 'erp',
        kind: 'sqlite',
        connected: true,
        title: 'ERP client master',
        owner: 'finance-it@example.com',
        notes: "the ERP's desktop client shows Windows-1252 text only",
      },
      {
        name: 'finance',
        kind: 'files',
        connected: true,
        title: 'Finance invoice export (CSV for the accounting package)',
        owner: 'finance@example.com',
      },
      {
        name: 'board-pack',
        kind: 'manual',
        connected: false,
        title: 'Monthly board pack',
        owner: 'cfo-office@example.com',
        notes: 'built by hand each month from the finance export',
      },
    ]);
    expect(body.flows).toEqual([
      expect.objectContaining({ name: 'customers-to-erp', from: 'crm', to: 'erp', enabled: true }),
      expect.objectContaining({ name: 'invoices-to-finance', from: 'crm', to: 'finance', enabled: true }),
    ]);
    for (const leak of ['connection', 'crm.db', 'work/finance', 'redacted']) {
      expect(answer.text).not.toContain(leak);
    }
  });

  it('answers 401 without a caller', async () => {
    expect((await call(false)).status).toBe(401);
  });
});
