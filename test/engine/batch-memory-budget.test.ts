import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Source, Target, WriteRequest } from '../../src/core/connector.js';
import { recordIssue } from '../../src/core/issue.js';
import type { Batch, Checkpoint, Row } from '../../src/core/row.js';
import type { CompiledFlow } from '../../src/engine/compiled-flow.js';
import { type FlowEndpoints, runFlow } from '../../src/engine/run-flow.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { RunRecord, StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { testFlow } from '../support/test-flow.js';

/**
 * The batch memory budget (decision 0042) with plain-object endpoints and the real embedded
 * state store: batches over `maxBatchBytes` are written in slices and committed whole, and a
 * source that reads by bounded queries is opened again with fewer rows per batch.
 */

let work: ReturnType<typeof makeTempDir>;
let store: StateStore;
beforeEach(async () => {
  work = makeTempDir('budget');
  store = await openSqliteStore(path.join(work.dir, 'state.db'));
});
afterEach(async () => {
  await store.close();
  work.remove();
});

const budget = 65_536;
// About 1 kB a row in memory: 200 rows are three times the budget.
const rows: Row[] = Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, note: `${i}`.padEnd(1000, '.') }));

function flowWith(batchSize: number): CompiledFlow {
  const fields = [
    { from: 'id', to: 'id' },
    { from: 'note', to: 'note' },
  ];
  return testFlow('notes', fields, { batchSize, maxBatchBytes: budget });
}

/** Pages of `batchSize` rows from the checkpoint (the index of the last row handed out). */
function pagedSource(batchSize: number, readAhead: boolean, log: string[]): Source {
  return {
    incremental: true,
    readAhead,
    async *read(from: Checkpoint | undefined) {
      for (let i = typeof from === 'number' ? from + 1 : 0; i < rows.length; i += batchSize) {
        const batch: Batch = {
          rows: rows.slice(i, i + batchSize),
          checkpoint: Math.min(i + batchSize, rows.length) - 1,
        };
        yield batch;
      }
    },
    async close() {
      log.push(`closed ${batchSize}`);
    },
  };
}

function recordingTarget(reject?: (request: WriteRequest) => number | undefined) {
  const requests: { rows: number; checkpoint: Checkpoint | undefined }[] = [];
  const written = new Set<unknown>();
  const target: Target = {
    async write(request) {
      requests.push({ rows: request.rows.length, checkpoint: request.checkpoint });
      const refused = reject?.(request);
      for (const [index, row] of request.rows.entries()) if (index !== refused) written.add(row.id);
      return {
        written: request.rows.length - (refused === undefined ? 0 : 1),
        rejected:
          refused === undefined ? [] : [{ index: refused, issue: recordIssue('refused', 'id', 'no') }],
      };
    },
    async close() {},
  };
  return { target, requests, written };
}

async function run(batchSize: number, readAhead: boolean, target: Target) {
  const log: string[] = [];
  const progress: number[] = [];
  const endpoints: FlowEndpoints = {
    openSource: async (size) => {
      log.push(`opened ${size ?? batchSize}`);
      return pagedSource(size ?? batchSize, readAhead, log);
    },
    openTarget: async () => target,
  };
  const record: RunRecord = await runFlow({
    flow: flowWith(batchSize),
    store,
    endpoints,
    onProgress: (r) => progress.push(r.read),
  });
  return { record, log, progress };
}

describe('batch memory budget', () => {
  it('opens a bounded-query source again with as many rows per batch as fit, from the committed batch', async () => {
    const { target, requests, written } = recordingTarget();
    const { record, log, progress } = await run(200, true, target);
    expect(record).toMatchObject({ status: 'succeeded', read: 1000, written: 1000 });
    expect(written.size).toBe(1000);
    // The first 200-row batch is written in slices and committed whole; then 5x fewer rows a batch.
    const [opened, first, second] = log;
    expect(opened).toBe('opened 200');
    expect(first).toMatch(/^opened \d+$/);
    const rowsPerBatch = Number(first?.split(' ')[1]);
    expect(rowsPerBatch).toBeGreaterThan(30);
    expect(rowsPerBatch).toBeLessThan(100);
    expect(second).toBe('closed 200');
    expect(progress[0]).toBe(200);
    expect(progress[1]).toBe(200 + rowsPerBatch);
    expect(Math.max(...requests.map((r) => r.rows))).toBeLessThanOrEqual(rowsPerBatch);
    expect(await store.loadCheckpoint('notes')).toMatchObject({ source: 999 });
  });

  it('keeps the batches of a source that does not read ahead, writing each in slices and committing it once', async () => {
    const { target, requests } = recordingTarget();
    const { record, log, progress } = await run(250, false, target);
    expect(record).toMatchObject({ status: 'succeeded', read: 1000, written: 1000 });
    expect(log).toEqual(['opened 250', 'closed 250']);
    expect(progress).toEqual([250, 500, 750, 1000]);
    const perBatch = requests.length / 4;
    expect(perBatch).toBeGreaterThan(1);
    // A target that commits checkpoints gets each batch's with its last slice only.
    expect(requests.filter((r) => r.checkpoint !== undefined).map((r) => r.checkpoint)).toEqual([
      249, 499, 749, 999,
    ]);
  });

  it('holds back the target-side checkpoint when an earlier slice of the batch had a failure', async () => {
    const { target, requests } = recordingTarget((request) => (request.rows[0]?.id === 1 ? 0 : undefined));
    const { record } = await run(250, false, target);
    expect(record).toMatchObject({ status: 'succeeded', written: 999, deadLettered: 1 });
    // Batch 1's dead letter is not durable until the state store commits it: no checkpoint for batch 1.
    expect(requests.filter((r) => r.checkpoint !== undefined).map((r) => r.checkpoint)).toEqual([
      499, 749, 999,
    ]);
    const [letter] = await store.listDeadLetters({ flow: 'notes' });
    expect(letter).toMatchObject({ stage: 'write', key: [1] });
  });
});
