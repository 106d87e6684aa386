import { appendFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/server/audit-log.js';
import { buildServer } from '../../src/server/build-server.js';
import { isBusy } from '../../src/server/flow-runner.js';
import type { ServingProject } from '../../src/server/serve-project.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { DeadLetter, RunRecord, StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import { editSpec, eventually, loadServedProject, logLines, serveOnLoopback } from './serve-harness.js';

const flow = 'customers-to-erp';
const secret = 'vault-s3cr3t-Zq81xv';

describe('syncline serve on the quick start', () => {
  const copy = copyExample('quick-start');
  const env = { ...process.env, SERVE_VAULT_PATH: path.join(copy.dir, secret, 'none.db') };
  const logs = logLines();
  const audit: AuditEntry[] = [];
  let store: StateStore;
  let serving: ServingProject | undefined;
  afterAll(async () => {
    await serving?.close(10_000);
    await store?.close();
    copy.remove();
  });
  const api = async (route: string, init?: RequestInit) => {
    const response = await fetch(`${serving?.url}${route}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const runsOf = async (name: string) =>
    (await api(`/api/flows/${name}/runs?limit=1000`)).body.runs as RunRecord[];

  it('runs a flow on its every-second schedule, and the flow chained after it', async () => {
    editSpec(copy.spec, [
      ['trigger: { schedule: "*/15 * * * *" }', 'trigger: { schedule: "* * * * * *" }'],
      [
        'systems:\n',
        'systems:\n  vault:\n    kind: sqlite\n    title: Secret vault\n    owner: sec@example.com\n    connection: { path: "${env:SERVE_VAULT_PATH}" }\n',
      ],
    ]);
    appendFileSync(
      copy.spec,
      '\n  leaky:\n    from: { system: vault, table: notes, key: id }\n    to: { system: erp, table: notes, key: id }\n    trigger: { manual: true }\n',
    );
    const project = await loadServedProject(copy.spec, env);
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    serving = await serveOnLoopback({
      alerting: true,
      project,
      store,
      env,
      logTo: logs.stream,
      audit: async (entry) => {
        audit.push(entry);
      },
    });
    const first = await eventually('a scheduled run', async () =>
      (await runsOf(flow)).find((run) => run.status === 'succeeded'),
    );
    expect(first.trigger).toBe('schedule');
    expect(first.read).toBeGreaterThan(50);
    expect(first.deadLettered).toBe(3);
    const chained = await eventually('the chained run', async () =>
      (await runsOf('invoices-to-finance')).find((run) => run.status === 'succeeded'),
    );
    expect(chained.written).toBeGreaterThan(0);
    // The manual flow is not scheduled.
    expect(await runsOf('leaky')).toEqual([]);
  });

  it('keeps one run per flow: ticks are skipped while another process holds the flow', async () => {
    const now = new Date();
    expect(
      await store.leases.acquire(
        flow,
        'another-process',
        now.toISOString(),
        new Date(now.getTime() + 3_600_000).toISOString(),
      ),
    ).toBe(true);
    // A run that had started before the lease was taken may still finish; then nothing starts.
    await eventually('a skipped tick', async () =>
      logs.lines.find(
        (line) => line.includes('run skipped') && line.includes('another process is running it'),
      )
        ? true
        : undefined,
    );
    const before = (await runsOf(flow)).length;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await runsOf(flow)).length).toBe(before);
    await store.leases.release(flow, 'another-process');
    await eventually('runs again', async () => ((await runsOf(flow)).length > before ? true : undefined));

    // Two runs asked for at once in this process: at most one starts.
    const both = await Promise.all([
      serving?.runner.run(flow, 'manual'),
      serving?.runner.run(flow, 'manual'),
    ]);
    expect(both.filter((outcome) => isBusy(outcome)).length).toBeGreaterThanOrEqual(1);

    const runs = [...(await runsOf(flow))].reverse();
    expect(runs.map((run) => run.status)).not.toContain('interrupted');
    for (let i = 1; i < runs.length; i++) {
      expect(Date.parse(runs[i]?.startedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(runs[i - 1]?.finishedAt ?? ''),
      );
    }
  });

  it('answers the API with the flows, runs and dead letters of the real runs', async () => {
    const { body } = await api('/api/flows');
    const flows = body.flows as {
      flow: string;
      health: string;
      deadLetterBacklog: number;
      lastRun: RunRecord;
    }[];
    expect(flows.map((f) => f.flow).sort()).toEqual(['customers-to-erp', 'invoices-to-finance', 'leaky']);
    const customers = flows.find((f) => f.flow === flow);
    expect(customers).toMatchObject({ health: 'amber', deadLetterBacklog: 3, stage: null });
    // Later runs find nothing new past the cursor: the last run is a real, finished one.
    expect(customers?.lastRun).toMatchObject({ flow, status: 'succeeded' });
    expect(flows.find((f) => f.flow === 'leaky')).toMatchObject({ status: 'never run', health: 'amber' });

    const letters = (await api(`/api/flows/${flow}/dead-letters`)).body.deadLetters as DeadLetter[];
    expect(letters.map((l) => l.code).sort()).toEqual(['bad-email', 'missing-key', 'required']);
    const one = await api(`/api/flows/${flow}/dead-letters/${letters[0]?.id}`);
    expect((one.body.deadLetter as DeadLetter).payload).toBeDefined();

    const run = await api(`/api/runs/${customers?.lastRun.id}`);
    expect(run.body.run).toMatchObject({ id: customers?.lastRun.id, flow, status: 'succeeded' });
    const unknown = await api('/api/flows/customers-to-erb');
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.body)).toContain('did you mean \\"customers-to-erp\\"');
  });

  it('masks secret values from the environment in API answers and log lines', async () => {
    const started = await api('/api/flows/leaky/run', { method: 'POST' });
    expect(started.status).toBe(202);
    const failed = await eventually('the failed run', async () =>
      (await runsOf('leaky'))[0]?.status === 'failed' ? (await runsOf('leaky'))[0] : undefined,
    );
    // The store keeps the real message (it names the path); what leaves the process does not.
    expect((await store.getRun(failed.id))?.error?.message).toContain(secret);
    const shown = await api(`/api/runs/${failed.id}`);
    expect(JSON.stringify(shown.body)).toContain('[redacted]');
    expect(JSON.stringify(shown.body)).not.toContain(secret);
    expect(logs.lines.some((line) => line.includes('[redacted]'))).toBe(true);
    expect(logs.lines.filter((line) => line.includes(secret))).toEqual([]);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'run', flow: 'leaky', actor: 'anonymous' }),
    );
  });

  it('exposes Prometheus metrics that add up to the stored runs', async () => {
    const response = await fetch(`${serving?.url}/metrics`);
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(
      /syncline_runs_total\{flow="customers-to-erp",status="succeeded",trigger="schedule"\} [1-9]/,
    );
    expect(text).toContain('syncline_dead_letters_open{flow="customers-to-erp"} 3');
    expect(text).toMatch(/syncline_last_success_timestamp_seconds\{flow="customers-to-erp"\} 1\d{9}/);
    expect(text).toMatch(/syncline_run_duration_seconds_count\{flow="customers-to-erp"\} [1-9]/);
    const isClean = await serving?.close(10_000);
    expect(isClean).toBe(true);
    const runs = await store.listRuns({ flow, limit: 1000 });
    const metrics = await serving?.metrics.render(store, [flow]);
    const value = (outcome: string) =>
      Number(
        new RegExp(`syncline_records_total\\{flow="${flow}",outcome="${outcome}"\\} (\\d+)`).exec(
          metrics ?? '',
        )?.[1],
      );
    expect(value('read')).toBe(runs.reduce((sum, run) => sum + run.read, 0));
    expect(value('written')).toBe(runs.reduce((sum, run) => sum + run.written, 0));
    expect(value('rejected')).toBe(runs.reduce((sum, run) => sum + run.deadLettered, 0));
    serving = undefined;
  });

  it('replays a dead letter through a fixed mapping, and discards one with a reason', async () => {
    // The operator relaxes the email rule and restarts: the bad-email record can now be written.
    editSpec(copy.spec, [['validate: [required, email]', 'validate: [required]']]);
    const project = await loadServedProject(copy.spec, env);
    const roles: Record<string, string | undefined> = {};
    const server = await buildServer({
      project,
      store,
      env,
      logTo: logs.stream,
      audit: async (entry) => {
        audit.push(entry);
      },
      auth: (app) => {
        app.addHook('onRequest', async (request) => {
          roles[`${request.method} ${request.routeOptions.url}`] = request.routeOptions.config.role;
          request.caller = { name: 'ops-anna', role: 'admin', via: 'token' };
        });
      },
    });
    try {
      const inject = async (method: 'GET' | 'POST', url: string, payload?: object) => {
        const response = await server.app.inject({ method, url, payload });
        return { status: response.statusCode, body: response.json() as Record<string, unknown> };
      };
      const letters = (await inject('GET', `/api/flows/${flow}/dead-letters`)).body
        .deadLetters as DeadLetter[];
      const badEmail = letters.find((l) => l.code === 'bad-email');
      const missingEmail = letters.find((l) => l.code === 'required');
      const replayed = await inject('POST', `/api/dead-letters/${badEmail?.id}/replay`);
      expect(replayed.status).toBe(200);
      expect(replayed.body).toMatchObject({ replayed: [badEmail?.id], failedAgain: [] });
      expect((await store.getDeadLetter(badEmail?.id ?? ''))?.status).toBe('replayed');
      const erp = new Database(path.join(copy.dir, 'work', 'erp.db'), { readonly: true });
      const row = erp.prepare('SELECT email FROM clients WHERE crm_id = ?').get(4) as
        | { email: string }
        | undefined;
      erp.close();
      expect(row?.email).toBeDefined();

      const again = await inject('POST', `/api/dead-letters/${missingEmail?.id}/replay`);
      expect(again.body).toMatchObject({ replayed: [], failedAgain: [missingEmail?.id] });
      expect((await store.getDeadLetter(missingEmail?.id ?? ''))?.attempts).toBe(2);

      const noReason = await inject('POST', `/api/dead-letters/${missingEmail?.id}/discard`, {});
      expect(noReason.status).toBe(400);
      expect(noReason.body).toMatchObject({ error: { code: 'reason-required' } });
      const discarded = await inject('POST', `/api/dead-letters/${missingEmail?.id}/discard`, {
        reason: 'customer left, no email',
      });
      expect(discarded.body.deadLetter).toMatchObject({ status: 'discarded', resolvedBy: 'ops-anna' });
      expect(audit.filter((e) => e.actor === 'ops-anna').map((e) => e.action)).toEqual([
        'replay',
        'replay',
        'discard',
      ]);

      const sheet = await server.app.inject({ method: 'GET', url: `/api/flows/${flow}/mapping.xlsx` });
      expect(sheet.statusCode).toBe(200);
      expect(sheet.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const runbook = await server.app.inject({ method: 'GET', url: `/api/flows/${flow}/runbook` });
      expect(runbook.body).toContain(flow);
      const plan = await inject('GET', '/api/plan');
      expect((plan.body.readiness as unknown[]).length).toBe(5);
      const svg = await server.app.inject({ method: 'GET', url: '/api/plan/diagram.svg' });
      expect(svg.body).toContain('<svg');
      // No journal is kept for this flow: the rollback preview says so, and nothing changes.
      const lastRun = (await store.listRuns({ flow, limit: 1 }))[0];
      const rollback = await inject('POST', `/api/runs/${lastRun?.id}/rollback`, {});
      expect(rollback.status).toBe(400);

      expect(roles).toMatchObject({
        'GET /api/flows/:flow/dead-letters': 'viewer',
        'POST /api/dead-letters/:id/replay': 'operator',
        'POST /api/dead-letters/:id/discard': 'operator',
        'POST /api/runs/:id/rollback': 'admin',
        'GET /api/plan': 'viewer',
      });
      const health = await server.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(roles['GET /healthz']).toBe('public');
    } finally {
      await server.runner.stop(5000);
      await server.app.close();
    }
  });
});
