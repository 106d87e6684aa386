import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultStage, flowStage, schedulableFlows } from '../../src/cutover/flow-stage.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('the cut-over part of the SQLite state store', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: StateStore;
  beforeEach(async () => {
    temp = makeTempDir('cutover-store');
    store = await openSqliteStore(path.join(temp.dir, 'state.db'));
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  const compare = (flow: string, clean: boolean, at: string) => ({
    flow,
    baseline: 'legacy.clients',
    startedAt: at,
    finishedAt: at,
    clean,
    matched: 10,
    differing: clean ? 0 : 2,
    missing: 0,
    extra: clean ? 0 : 1,
    rejected: 1,
    summary: { matched: 10, differing: clean ? 0 : 2, fieldDifferences: { email: 2 } },
  });

  it('keeps compares per flow, newest first, with their counts and summary', async () => {
    const first = await store.cutover.recordCompare(compare('a', false, '2026-01-01T00:00:00Z'));
    await store.cutover.recordCompare(compare('b', true, '2026-01-02T00:00:00Z'));
    const third = await store.cutover.recordCompare(compare('a', true, '2026-01-03T00:00:00Z'));
    expect(first.id).toBe('cmp-000001');
    const listed = await store.cutover.listCompares('a', 10);
    expect(listed.map((c) => [c.id, c.clean, c.differing, c.extra])).toEqual([
      [third.id, true, 0, 0],
      [first.id, false, 2, 1],
    ]);
    expect((await store.cutover.getCompare(first.id))?.summary).toEqual(compare('a', false, '').summary);
    expect(await store.cutover.getCompare('cmp-999999')).toBeUndefined();
  });

  it('records stage moves with who and why, and refuses a move decided on a stale stage', async () => {
    const flow = { name: 'a', spec: { compare: { cutoverAfter: 3 } } };
    expect(defaultStage(flow)).toBe('parallel');
    expect(await flowStage(store, flow)).toBe('parallel');
    const move = { flow: 'a', at: '2026-01-01T00:00:00Z', by: 'ops', reason: 'tests pass' } as const;
    await store.cutover.setStage({ ...move, stage: 'testing', from: 'parallel' });
    await expect(store.cutover.setStage({ ...move, stage: 'live', from: 'parallel' })).rejects.toMatchObject({
      code: 'stage-changed',
    });
    await store.cutover.setStage({ ...move, stage: 'parallel', from: 'testing', reason: 'parallel run' });
    expect(await flowStage(store, flow)).toBe('parallel');
    expect((await store.cutover.stageHistory('a')).map((h) => [h.from, h.stage, h.by, h.reason])).toEqual([
      ['testing', 'parallel', 'ops', 'parallel run'],
      ['parallel', 'testing', 'ops', 'tests pass'],
    ]);
  });

  it('schedules live flows to run and parallel flows in shadow mode, and nothing else', async () => {
    const flows = [
      { name: 'plain', spec: {} },
      { name: 'compared', spec: { compare: { cutoverAfter: 3 } } },
      { name: 'drafted', spec: {} },
    ];
    await store.cutover.setStage({
      flow: 'drafted',
      stage: 'draft',
      from: 'live',
      at: '2026-01-01T00:00:00Z',
      by: 'ops',
      reason: 'not ready',
    });
    expect(await schedulableFlows(store, flows)).toEqual([
      { flow: 'plain', stage: 'live', mode: 'run' },
      { flow: 'compared', stage: 'parallel', mode: 'shadow' },
    ]);
  });
});
