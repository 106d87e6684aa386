import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessControl } from '../../src/server/auth/access-control.js';
import type { Role } from '../../src/server/auth/role.js';
import type { ServingProject } from '../../src/server/serve-project.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { RunRecord, StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import {
  editSpec,
  eventually,
  issueRoleTokens,
  loadServedProject,
  serveOnLoopback,
} from './serve-harness.js';
import { openSse } from './sse-reader.js';

const flow = 'customers-to-erp';
type Body = Record<string, unknown>;

/**
 * The dashboard's API on the quick start after a real run through the API: the shape of every
 * new route, the roles (a viewer cannot snooze), 401 without a caller, and the audit entries.
 */
describe('the dashboard API', () => {
  const copy = copyExample('quick-start');
  const tokens = new Map<Role, string>();
  let store: StateStore;
  let serving: ServingProject | undefined;
  let run: RunRecord;

  const call = async (route: string, role?: Role, init: RequestInit = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (role) headers.authorization = `Bearer ${tokens.get(role)}`;
    const response = await fetch(`${serving?.url}${route}`, { ...init, headers });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Body };
  };
  const get = async (route: string) => {
    const answer = await call(route, 'viewer');
    expect(answer.status, `GET ${route}: ${JSON.stringify(answer.body)}`).toBe(200);
    return answer.body;
  };
  const post = (route: string, role: Role | undefined, body: unknown = {}) =>
    call(route, role, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    // A journal, so the run's records have row-level outcomes beside its dead letters.
    editSpec(copy.spec, [
      ['    onInvalid: dead-letter\n', '    onInvalid: dead-letter\n    rollback: journal\n'],
    ]);
    const project = await loadServedProject(copy.spec, process.env);
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    for (const [role, token] of await issueRoleTokens(store.access)) tokens.set(role, token);
    serving = await serveOnLoopback({
      project,
      store,
      env: process.env,
      auth: async (app) => {
        await app.register(accessControl({ store: store.access, mode: 'login' }));
      },
    });
    expect((await post(`/api/flows/${flow}/run`, 'operator')).status).toBe(202);
    run = await eventually('the run through the API to finish', async () => {
      const [last] = await store.listRuns({ flow, limit: 1 });
      return last?.status === 'succeeded' ? last : undefined;
    });
  });
  afterAll(async () => {
    await serving?.close(10_000);
    await store?.close();
    copy.remove();
  });

  it('answers 401 without a caller on every new route', async () => {
    const routes = [
      `/api/flows/${flow}/series`,
      `/api/runs/${run.id}/records`,
      `/api/flows/${flow}/mapping`,
      `/api/flows/${flow}/compare`,
      '/api/alerts',
      '/api/audit',
      '/api/plan/ownership',
      '/api/runbook',
      '/api/review',
    ];
    for (const route of routes) expect((await call(route)).status, route).toBe(401);
    expect((await post(`/api/alerts/run-failed:${flow}/snooze`, undefined, { minutes: 5 })).status).toBe(401);
  });

  it('sums the runs per hour for the charts', async () => {
    const series = await get(`/api/flows/${flow}/series?days=7`);
    expect(series).toMatchObject({ flow, bucket: 'hour', days: 7 });
    const points = series.points as Body[];
    expect(points).toHaveLength(1);
    expect(points[0]).toEqual({
      at: `${run.startedAt.slice(0, 13)}:00:00.000Z`,
      runs: 1,
      failed: 0,
      read: run.read,
      written: run.written,
      rejected: 0,
      invalid: 3,
      deadLettered: 3,
      durationMsMax: expect.any(Number),
    });
    expect((await call(`/api/flows/nope/series`, 'viewer')).status).toBe(404);
  });

  it("lists a run's records: its dead letters first, then the written ones from the journal", async () => {
    const all = await get(`/api/runs/${run.id}/records?limit=1000`);
    expect(all).toMatchObject({ run: run.id, total: run.written + 3 });
    expect(all.note).toBeUndefined();
    const records = all.records as Body[];
    expect(records).toHaveLength(run.written + 3);
    const letters = await store.listDeadLetters({ runId: run.id });
    expect(records.slice(0, 3)).toEqual(
      letters.map((letter) => ({
        key: String((letter.key as unknown[])[0]),
        outcome: 'invalid',
        stage: 'validate',
        reason: expect.any(String),
        deadLetterId: letter.id,
      })),
    );
    expect(records.slice(0, 3).map((r) => r.key)).toEqual(expect.arrayContaining(['17', '33', '4']));
    expect(records.slice(3).every((r) => r.outcome === 'inserted')).toBe(true);
    // A page that straddles the dead letters and the journal.
    const page = await get(`/api/runs/${run.id}/records?limit=2&offset=2`);
    expect((page.records as Body[]).map((r) => r.outcome)).toEqual(['invalid', 'inserted']);
    expect(page.total).toBe(run.written + 3);
    expect((await call('/api/runs/run-999999/records', 'viewer')).status).toBe(404);
  });

  it('tells an updated record from one written unchanged', async () => {
    const crm = new Database(path.join(copy.dir, 'work/crm.db'));
    crm
      .prepare("UPDATE customers SET phone = '+1 555 0100', updated_at = '2999-01-01 00:00:00' WHERE id = 1")
      .run();
    crm.prepare("UPDATE customers SET updated_at = '2999-01-01 00:00:00' WHERE id = 2").run();
    crm.close();
    expect((await post(`/api/flows/${flow}/run`, 'operator')).status).toBe(202);
    const second = await eventually('the second run', async () => {
      const [last] = await store.listRuns({ flow, limit: 1 });
      return last && last.id !== run.id && last.status !== 'running' ? last : undefined;
    });
    expect(second).toMatchObject({ status: 'succeeded', read: 2 });
    const answer = await get(`/api/runs/${second.id}/records`);
    expect(answer.records).toEqual([
      { key: 'C-00001', outcome: 'updated' },
      { key: 'C-00002', outcome: 'unchanged' },
    ]);
  });

  it('says when a run kept no journal', async () => {
    // A file target keeps no journal.
    expect((await post('/api/flows/invoices-to-finance/run', 'operator')).status).toBe(202);
    const invoices = await eventually('the run of invoices-to-finance', async () => {
      const [last] = await store.listRuns({ flow: 'invoices-to-finance', limit: 1 });
      return last?.status === 'succeeded' ? last : undefined;
    });
    const answer = await get(`/api/runs/${invoices.id}/records`);
    expect(answer).toMatchObject({ total: 0, records: [], note: expect.stringContaining('journal') });
  });

  it('gives the mapping sheet as JSON, the same columns as the XLSX', async () => {
    const mapping = await get(`/api/flows/${flow}/mapping`);
    expect(mapping.flow).toBe(flow);
    const columns = mapping.columns as string[];
    expect(columns.slice(0, 5)).toEqual([
      'source system',
      'source field',
      'transformation',
      'target system',
      'target field',
    ]);
    const rows = mapping.rows as Record<string, string>[];
    expect(rows).toHaveLength(9);
    expect(rows).toContainEqual(
      expect.objectContaining({
        'source field': 'email',
        transformation: 'trim | lower',
        'target field': 'email',
      }),
    );
    for (const row of rows) expect(Object.keys(row)).toEqual(columns);
  });

  it('lists stored compares, the latest in detail', async () => {
    expect(await get(`/api/flows/${flow}/compare`)).toEqual({ flow, history: [] });
    const at = new Date().toISOString();
    await store.cutover.recordCompare({
      flow,
      baseline: 'erp.old_clients',
      startedAt: at,
      finishedAt: at,
      clean: false,
      matched: 50,
      differing: 2,
      missing: 0,
      extra: 1,
      rejected: 3,
      summary: { flow, fieldDifferences: { email: 2 }, tolerances: { phone: 'ignored' }, clean: false },
    });
    const compare = await get(`/api/flows/${flow}/compare`);
    expect(compare.latest).toMatchObject({
      at,
      gate: 'fail',
      summary: { fieldDifferences: { email: 2 } },
      fields: [
        { field: 'email', matched: 50, differed: 2 },
        { field: 'phone', matched: 52, differed: 0, tolerance: 'ignored' },
      ],
      samples: [],
    });
    expect(compare.history).toEqual([expect.objectContaining({ at, gate: 'fail', matched: 50 })]);
  });

  it('lets an operator snooze an alert, not a viewer, and audits both', async () => {
    const id = `run-failed:${flow}`;
    expect((await post(`/api/alerts/${id}/snooze`, 'viewer', { minutes: 30 })).status).toBe(403);
    expect((await post(`/api/alerts/${id}/snooze`, 'operator', { minutes: 0 })).status).toBe(400);
    expect((await post(`/api/alerts/nonsense:${flow}/snooze`, 'operator', { minutes: 5 })).status).toBe(400);
    const snoozed = await post(`/api/alerts/${id}/snooze`, 'operator', { minutes: 30, reason: 'ERP patch' });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.alert).toMatchObject({
      id,
      rule: 'run-failed',
      flow,
      snoozedBy: 'token:operator-bot',
      snoozedUntil: expect.any(String),
      runbook: `/api/flows/${flow}/runbook?format=html#alert-run-failed`,
    });

    const alerts = await get(`/api/alerts?flow=${flow}`);
    expect(alerts.alerts).toEqual([expect.objectContaining({ id, snoozedBy: 'token:operator-bot' })]);
    expect(alerts.events).toEqual([expect.objectContaining({ alertId: id, event: 'snoozed' })]);
    expect(await get('/api/alerts?flow=invoices-to-finance')).toEqual({ alerts: [], events: [] });

    const unsnoozed = await post(`/api/alerts/${id}/unsnooze`, 'operator');
    expect(unsnoozed.status).toBe(200);
    expect((unsnoozed.body.alert as Body).snoozedUntil).toBeUndefined();

    const audit = await get('/api/audit?limit=10');
    const entries = audit.entries as Body[];
    expect(entries[0]).toMatchObject({
      action: 'api.unsnooze',
      actor: 'token:operator-bot',
      flow,
      target: id,
    });
    expect(entries[1]).toMatchObject({
      action: 'api.snooze',
      flow,
      target: id,
      detail: { minutes: 30, reason: 'ERP patch' },
    });
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'POST /api/alerts/:id/snooze',
        actor: 'token:viewer-bot',
        outcome: 'denied',
      }),
    );
    const seqs = entries.map((e) => e.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const older = await get(`/api/audit?limit=1&before=${seqs[0]}`);
    expect((older.entries as Body[]).map((e) => e.seq)).toEqual([seqs[1]]);
  });

  it('shows who owns each field, the project runbook and the review schedule', async () => {
    const ownership = await get('/api/plan/ownership');
    expect(ownership.systems).toEqual(['crm', 'erp', 'finance', 'board-pack']);
    const customer = (ownership.entities as Body[]).find((e) => e.entity === 'customer');
    expect(customer?.fields).toContainEqual({ field: '*', owner: 'crm', readers: [], flows: [] });
    expect(customer?.fields).toContainEqual({
      field: 'email',
      owner: 'crm',
      readers: ['erp'],
      flows: [flow],
    });

    const runbook = await get('/api/runbook');
    expect(runbook.markdown).toContain(`# Runbook: ${flow}`);
    expect(runbook.markdown).toContain('# Runbook: invoices-to-finance');
    expect(runbook.html).toMatch(/^<!doctype html>/);
    expect(runbook.html).toContain(`<h1>Runbook: invoices-to-finance</h1>`);

    const review = await get('/api/review');
    expect(review).toEqual({
      schedule: {
        every: 'monthly for 3 months after go-live, then quarterly',
        nextDue: expect.any(String),
        goLive: run.startedAt,
      },
      overdue: false,
    });
    expect(Date.parse((review.schedule as Body).nextDue as string)).toBeGreaterThan(
      Date.parse(run.startedAt),
    );
  });

  it('streams a run started through the API and a replay as events (/api/events)', async () => {
    const stream = await openSse(`${serving?.url}/api/events`, {
      authorization: `Bearer ${tokens.get('viewer')}`,
    });
    try {
      expect((await post(`/api/flows/${flow}/run`, 'operator')).status).toBe(202);
      const started = await stream.next('run-started', (data) => data.flow === flow);
      expect(started.data).toEqual({ type: 'run-started', flow, trigger: 'manual' });
      const finished = await stream.next('run-finished', (data) => (data.run as Body).flow === flow);
      expect(finished.data.run).toMatchObject({ flow, trigger: 'manual', status: 'succeeded' });
      expect(stream.events.indexOf(started)).toBeLessThan(stream.events.indexOf(finished));
      // Nothing new to read since the first run: this run changes no dead letter, the replay does.
      expect((finished.data.run as Body).deadLettered).toBe(0);
      expect(stream.events.map((e) => e.type)).not.toContain('dead-letters-changed');

      const [letter] = await store.listDeadLetters({ flow, status: 'open', limit: 1 });
      expect((await post(`/api/dead-letters/${letter?.id}/replay`, 'operator')).status).toBe(200);
      const replayed = await stream.next('run-finished', (data) => (data.run as Body).trigger === 'replay');
      expect(replayed.data.run).toMatchObject({ flow, trigger: 'replay' });
      expect((await stream.next('dead-letters-changed')).data).toEqual({
        type: 'dead-letters-changed',
        flow,
      });
    } finally {
      stream.close();
    }
  });
});
