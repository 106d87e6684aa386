import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.js';
import { runBackfill } from '../../src/engine/backfill/run-backfill.js';
import { checkProject, type Project } from '../../src/engine/check-project.js';
import { connectFlow } from '../../src/engine/connect-flow.js';
import { runFlow } from '../../src/engine/run-flow.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { seedPair } from './backfill-pair.js';

/**
 * The backfill engine on real SQLite files: beside a running incremental flow, without
 * touching its checkpoint, and never writing over a newer version (decision 0026).
 */

let work: ReturnType<typeof makeTempDir>;
let store: StateStore;
let project: Project;
let files: ReturnType<typeof seedPair>;
const settings = { chunk: 300, parallel: 2 };

beforeEach(async () => {
  work = makeTempDir('backfill-engine');
  files = seedPair(work.dir, 2000);
  const checked = await checkProject(files.spec, connectors);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  project = checked.project;
  store = await openSqliteStore(`${work.dir}/state.db`);
});
afterEach(async () => {
  await store.close();
  work.remove();
});

function backfill(options: { restart?: boolean; signal?: AbortSignal; chunk?: number } = {}) {
  const flow = project.flows.get('copy');
  if (!flow) throw new Error('no flow copy');
  return runBackfill({
    flow,
    store,
    settings: { ...settings, chunk: options.chunk ?? settings.chunk },
    restart: options.restart,
    signal: options.signal,
    endpoints: connectFlow(flow, { baseDir: project.baseDir, env: {} }),
  });
}

function target(sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(files.target);
  try {
    return sql.trimStart().startsWith('SELECT')
      ? db.prepare(sql).all(...params)
      : [db.prepare(sql).run(...params)];
  } finally {
    db.close();
  }
}

describe('runBackfill', () => {
  it('leaves a row the incremental flow wrote newer alone, and the flow checkpoint where it was', async () => {
    const flow = project.flows.get('copy');
    if (!flow) throw new Error('no flow copy');
    const incremental = await runFlow({
      flow,
      store,
      endpoints: connectFlow(flow, { baseDir: project.baseDir, env: {} }),
    });
    expect(incremental.written).toBe(2000);
    const checkpoint = await store.loadCheckpoint('copy');
    // The incremental flow has since written a newer version of record 7 (its source changed
    // after the backfill read it), and the backfill's older copy of record 8 was lost.
    target("UPDATE items_copy SET name = 'newer', updated_at = '2027-01-01T00:00:00' WHERE id = 7");
    target("UPDATE items_copy SET name = 'stale', updated_at = '2025-01-01T00:00:00' WHERE id = 8");
    target('DELETE FROM items_copy WHERE id = 9');
    // An incremental run under way keeps running beside the backfill.
    const running = await store.startRun('copy', 'manual', new Date().toISOString());

    const report = await backfill();

    expect(report.run).toMatchObject({ status: 'succeeded', trigger: 'backfill', read: 2000 });
    expect(report).toMatchObject({ chunks: 7, chunksDone: 7, read: 2000, written: 1999, skipped: 1 });
    expect(target('SELECT id, name, updated_at FROM items_copy WHERE id IN (7, 8, 9) ORDER BY id')).toEqual([
      { id: 7, name: 'newer', updated_at: '2027-01-01T00:00:00' },
      { id: 8, name: 'Name 8', updated_at: '2026-01-01T00:00:01' },
      { id: 9, name: 'Name 9', updated_at: '2026-01-01T00:00:01' },
    ]);
    expect(await store.loadCheckpoint('copy')).toEqual(checkpoint);
    expect((await store.getRun(running.id))?.status).toBe('running');
  });

  it('resumes after the last finished chunk, and refuses other settings unless restarted', async () => {
    const controller = new AbortController();
    const flow = project.flows.get('copy');
    if (!flow) throw new Error('no flow copy');
    const first = await runBackfill({
      flow,
      store,
      settings: { chunk: 300, parallel: 1 },
      signal: controller.signal,
      endpoints: connectFlow(flow, { baseDir: project.baseDir, env: {} }),
      onProgress: (progress) => {
        if (progress.chunksDone === 3) controller.abort(new Error('stop'));
      },
    });
    expect(first.run.status).toBe('interrupted');
    expect(first.run.error?.hint).toMatch(/run the same backfill command again/);
    expect(first.chunksDone).toBe(3);

    await expect(backfill({ chunk: 500 })).resolves.toMatchObject({
      run: { status: 'failed', error: { code: 'backfill-settings-changed' } },
    });
    const second = await backfill();
    expect(second).toMatchObject({ resumed: true, chunksThisRun: 4, chunksDone: 7, read: 2000 });
    expect(second.run.read).toBe(2000 - first.run.read);
    expect(target('SELECT count(*) AS n FROM items_copy')).toEqual([{ n: 2000 }]);

    const again = await backfill({ restart: true, chunk: 1000 });
    expect(again).toMatchObject({ resumed: false, chunks: 2, chunksThisRun: 2 });
    expect((await store.backfills.list('copy')).map((b) => b.status)).toEqual(['finished', 'finished']);
  });

  it('moves only the --from/--to window of the cursor', async () => {
    // Row i has updated_at 2026-01-01T00:00:00 + floor(i / 7) s.
    const flow = project.flows.get('copy');
    if (!flow) throw new Error('no flow copy');
    const report = await runBackfill({
      flow,
      store,
      settings: { chunk: 50, parallel: 3, from: '2026-01-01T00:01:00', to: '2026-01-01T00:02:00' },
      endpoints: connectFlow(flow, { baseDir: project.baseDir, env: {} }),
    });
    expect(report).toMatchObject({ total: 420, read: 420, written: 420 });
    expect(target('SELECT min(id) AS low, max(id) AS high, count(*) AS n FROM items_copy')).toEqual([
      { low: 420, high: 839, n: 420 },
    ]);
  });
});
