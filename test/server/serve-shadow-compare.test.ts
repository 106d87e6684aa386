import { copyFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulableFlows } from '../../src/cutover/flow-stage.js';
import { connectFlow } from '../../src/engine/connect-flow.js';
import { runFlow } from '../../src/engine/run-flow.js';
import type { ServingProject } from '../../src/server/serve-project.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import { editSpec, loadServedProject, logLines, serveOnLoopback } from './serve-harness.js';
import { openSse } from './sse-reader.js';

const flow = 'customers-to-erp';

/**
 * A parallel flow under serve: on its schedule (every second here) serve compares it with its
 * baseline, as `syncline compare` does, stores the result, announces it (compare-finished) and
 * counts it in /metrics — and never writes to the flow's target nor starts a run of it, nor of
 * the flow chained after it. The baseline is a copy of a real run's ERP table with one planted
 * difference (as in test/compare/).
 */
describe('syncline serve: scheduled shadow compares of a parallel flow', () => {
  const copy = copyExample('quick-start');
  const erp = path.join(copy.dir, 'work/erp.db');
  const logs = logLines();
  let store: StateStore;
  let serving: ServingProject | undefined;
  const table = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare('SELECT * FROM clients ORDER BY client_no').all();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    const plain = await loadServedProject(copy.spec, process.env);
    const customers = plain.flows.get(flow);
    if (!customers) throw new Error(`the quick start has no flow ${flow}`);
    const first = await runFlow({
      flow: customers,
      store,
      trigger: 'manual',
      endpoints: connectFlow(customers, { baseDir: plain.baseDir, env: process.env }),
    });
    expect(first.status).toBe('succeeded');
    // The old process's output: the same clients, one email different.
    const legacy = path.join(copy.dir, 'work/legacy.db');
    copyFileSync(erp, legacy);
    const db = new Database(legacy);
    db.exec("UPDATE clients SET email = 'old.address@example.com' WHERE client_no = 'C-00005'");
    db.close();
    editSpec(copy.spec, [
      [
        '  finance:\n',
        '  legacy:\n    kind: sqlite\n    owner: finance-it@example.com\n    connection: { path: work/legacy.db }\n  finance:\n',
      ],
      ['trigger: { schedule: "*/15 * * * *" }', 'trigger: { schedule: "* * * * * *" }'],
      [
        '    onInvalid: dead-letter\n    # Letters',
        '    onInvalid: dead-letter\n    compare: { baseline: legacy.clients }\n    # Letters',
      ],
    ]);
  });
  afterAll(async () => {
    await serving?.close(10_000);
    await store?.close();
    copy.remove();
  });

  it('compares on the trigger, stores and announces the result, writes nothing', async () => {
    const project = await loadServedProject(copy.spec, process.env);
    // As `syncline serve` decides: live flows run, parallel flows (a compare: block) are compared.
    const schedulable = await schedulableFlows(store, [...project.flows.values()]);
    expect(schedulable).toContainEqual({ flow, stage: 'parallel', mode: 'shadow' });
    const live = new Set(schedulable.filter((s) => s.mode === 'run').map((s) => s.flow));
    const shadow = new Set(schedulable.filter((s) => s.mode === 'shadow').map((s) => s.flow));
    const before = table(erp);
    const runsBefore = await store.listRuns({});

    serving = await serveOnLoopback({
      project,
      store,
      env: process.env,
      logTo: logs.stream,
      admit: (f) => live.has(f.name),
      shadow: (f) => shadow.has(f.name),
    });
    const stream = await openSse(`${serving.url}/api/events`, {});
    try {
      const finished = await stream.next('compare-finished', (data) => data.flow === flow);
      expect(finished.data.compare).toMatchObject({
        id: expect.stringMatching(/^cmp-/),
        gate: 'fail',
        baseline: 'legacy.clients',
        differing: 1,
        missing: 0,
        extra: 0,
      });
      const id = (finished.data.compare as { id: string }).id;
      const [stored] = await store.cutover.listCompares(flow, 1);
      expect(stored).toMatchObject({ flow, clean: false, differing: 1 });
      expect((await store.cutover.getCompare(id))?.id).toBe(id);

      const answer = await fetch(`${serving.url}/api/flows/${flow}/compare`);
      const compare = (await answer.json()) as { latest: Record<string, unknown>; history: unknown[] };
      expect(compare.latest).toMatchObject({
        gate: 'fail',
        fields: [{ field: 'email', differed: 1 }],
        samples: [
          {
            kind: 'differs',
            field: 'email',
            baseline: 'old.address@example.com',
            key: expect.stringContaining('C-00005'),
          },
        ],
      });
      expect(compare.history.length).toBeGreaterThanOrEqual(1);

      const metrics = await (await fetch(`${serving.url}/metrics`)).text();
      expect(metrics).toMatch(/^syncline_compares_total\{flow="customers-to-erp",outcome="fail"\} [1-9]/m);
    } finally {
      stream.close();
      await serving.close(10_000);
      serving = undefined;
    }
    // Nothing written to the target, no run of the flow nor of the one chained after it.
    expect(table(erp)).toEqual(before);
    expect(await store.listRuns({})).toEqual(runsBefore);
    expect(stream.events.map((e) => e.type)).not.toContain('run-started');
    expect(logs.lines.some((line) => line.includes('shadow compare finished'))).toBe(true);
  });

  it('announces a compare that cannot finish, counts it as an error, and keeps serving', async () => {
    // The baseline table is gone: the old process's output cannot be read.
    const legacy = new Database(path.join(copy.dir, 'work/legacy.db'));
    legacy.exec('DROP TABLE clients');
    legacy.close();
    const project = await loadServedProject(copy.spec, process.env);
    const compared = await store.cutover.listCompares(flow, 100);
    serving = await serveOnLoopback({
      project,
      store,
      env: process.env,
      logTo: logs.stream,
      admit: () => false,
      shadow: (f) => f.name === flow,
    });
    const stream = await openSse(`${serving.url}/api/events`, {});
    try {
      const failed = await stream.next('compare-failed', (data) => data.flow === flow);
      expect(failed.data.error).toMatchObject({
        code: expect.any(String),
        message: expect.stringContaining('clients'),
      });
      const metrics = await (await fetch(`${serving.url}/metrics`)).text();
      expect(metrics).toMatch(/^syncline_compares_total\{flow="customers-to-erp",outcome="error"\} [1-9]/m);
      expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);
    } finally {
      stream.close();
    }
    expect(await store.cutover.listCompares(flow, 100)).toEqual(compared);
  });
});
