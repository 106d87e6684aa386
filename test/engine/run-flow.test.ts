import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Source, Target, WriteRequest, WriteResult } from '../../src/core/connector.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import { recordIssue } from '../../src/core/issue.js';
import type { Batch, JsonValue, Row } from '../../src/core/row.js';
import type { CompiledFlow } from '../../src/engine/compiled-flow.js';
import { type FlowEndpoints, runFlow } from '../../src/engine/run-flow.js';
import type { FieldSpec } from '../../src/spec/schema.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { testFlow } from '../support/test-flow.js';

/**
 * The run loop with plain-object endpoints (the engine takes its connectors as parameters),
 * against the real embedded state store. Connector behaviour itself is tested against real
 * SQLite files and CSV files in test/connectors.
 */

let work: ReturnType<typeof makeTempDir>;
let store: StateStore;
beforeEach(async () => {
  work = makeTempDir('engine');
  store = await openSqliteStore(path.join(work.dir, 'state.db'));
});
afterEach(async () => {
  await store.close();
  work.remove();
});

const fields: FieldSpec[] = [
  { from: 'id', to: 'id' },
  { from: 'email', to: 'email', transform: 'trim | lower', validate: ['required', 'email'] },
];

function flowWith(options: Partial<CompiledFlow> = {}): CompiledFlow {
  return testFlow('people', fields, {
    retry: { attempts: 3, backoff: 'exponential', delayMs: 10, maxDelayMs: 100 },
    ...options,
  });
}

/** A source over fixed rows, two per batch; the checkpoint is the index of the last row. */
function listSource(rows: readonly Row[], incremental = true): Source {
  return {
    incremental,
    async *read(from) {
      const start = typeof from === 'number' ? from + 1 : 0;
      for (let i = start; i < rows.length; i += 2) {
        const batch: Batch = { rows: rows.slice(i, i + 2), checkpoint: Math.min(i + 1, rows.length - 1) };
        yield batch;
      }
    },
    async close() {},
  };
}

/** A keyed in-memory target whose write behaviour each test chooses. */
function mapTarget(write?: (request: WriteRequest, attempt: number) => WriteResult | undefined) {
  const rows = new Map<unknown, Row>();
  let attempt = 0;
  const target: Target = {
    async write(request) {
      attempt++;
      const custom = write?.(request, attempt);
      if (custom) return custom;
      for (const row of request.rows) rows.set(row.id, row);
      return { written: request.rows.length, rejected: [] };
    },
    position: () => rows.size,
    async close() {},
  };
  return { target, rows, attempts: () => attempt };
}

const endpoints = (source: Source, target: Target, opened: JsonValue[] = []): FlowEndpoints => ({
  openSource: async () => source,
  openTarget: async (resume) => {
    opened.push(resume ?? null);
    return target;
  },
});

const people = [
  { id: 1, email: ' A@Example.com ' },
  { id: 2, email: 'not-an-email' },
  { id: 3, email: 'c@example.com' },
  { id: 4, email: 'd@example.com' },
];

describe('runFlow', () => {
  it('writes valid rows, dead-letters invalid ones with the original record, and checkpoints', async () => {
    const { target, rows } = mapTarget();
    const run = await runFlow({ flow: flowWith(), store, endpoints: endpoints(listSource(people), target) });
    expect(run).toMatchObject({ status: 'succeeded', read: 4, written: 3, deadLettered: 1 });
    expect(rows.get(1)).toEqual({ id: 1, email: 'a@example.com' });
    const [letter] = await store.listDeadLetters({ flow: 'people' });
    expect(letter).toMatchObject({
      stage: 'validate',
      code: 'bad-email',
      field: 'email',
      key: [2],
      runId: run.id,
    });
    expect(letter?.payload).toEqual({ id: 2, email: 'not-an-email' });
    expect(await store.loadCheckpoint('people')).toEqual({ source: 3, target: 3 });
  });

  it('retries a transient write failure and then succeeds', async () => {
    const { target, rows, attempts } = mapTarget((_, attempt) => {
      if (attempt <= 2) throw new IntegrationError('connection reset', { kind: 'transient', code: 'net' });
      return undefined;
    });
    const delays: number[] = [];
    const run = await runFlow({
      flow: flowWith(),
      store,
      endpoints: endpoints(listSource(people), target),
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    expect(run.status).toBe('succeeded');
    expect(attempts()).toBe(4);
    expect(delays).toHaveLength(2);
    expect(rows.size).toBe(3);
  });

  it('fails the run without moving the checkpoint when the target stays down', async () => {
    const { target } = mapTarget((_, attempt) => {
      if (attempt >= 2) throw new IntegrationError('target refused', { kind: 'transient', code: 'refused' });
      return undefined;
    });
    const run = await runFlow({
      flow: flowWith(),
      store,
      endpoints: endpoints(listSource(people), target),
      sleep: async () => {},
    });
    expect(run).toMatchObject({ status: 'failed', read: 2, error: { code: 'refused', kind: 'transient' } });
    // The first batch (rows 0-1) is durable; the second was never written, so the checkpoint stays at 1.
    expect((await store.loadCheckpoint('people'))?.source).toBe(1);
  });

  it('does not retry a config error', async () => {
    const { target, attempts } = mapTarget(() => {
      throw new IntegrationError('no such table', { kind: 'config', code: 'table-not-found' });
    });
    const run = await runFlow({ flow: flowWith(), store, endpoints: endpoints(listSource(people), target) });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'table-not-found' } });
    expect(attempts()).toBe(1);
    expect(await store.loadCheckpoint('people')).toBeUndefined();
  });

  it('turns rows the target rejects into write-stage dead letters carrying the source record', async () => {
    const { target } = mapTarget((request) => ({
      written: request.rows.length - 1,
      rejected: [{ index: 0, issue: recordIssue('constraint-failed', 'email', 'UNIQUE constraint failed') }],
    }));
    const run = await runFlow({ flow: flowWith(), store, endpoints: endpoints(listSource(people), target) });
    expect(run).toMatchObject({ status: 'succeeded', written: 1, deadLettered: 3 });
    const write = await store.listDeadLetters({ code: 'constraint-failed' });
    expect(write.map((l) => [l.stage, l.payload])).toEqual([
      ['write', { id: 1, email: ' A@Example.com ' }],
      ['write', { id: 3, email: 'c@example.com' }],
    ]);
  });

  it('stops before flooding the dead letters when too much of the run is invalid', async () => {
    const { target, rows } = mapTarget();
    const bad = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, email: `broken-${i}` }));
    const run = await runFlow({
      flow: flowWith({ maxInvalidRate: 0.5 }),
      store,
      endpoints: endpoints(listSource(bad), target),
    });
    expect(run).toMatchObject({ status: 'failed', error: { code: 'invalid-rate-exceeded' } });
    expect(run.error?.message).toContain('20 of the 20 records read so far are invalid');
    expect(run.error?.message).toContain('record id=19');
    // Below the minimum sample the records were dead-lettered; the batch that crossed the limit was not.
    expect(rows.size).toBe(0);
    expect(await store.countDeadLetters({})).toBe(18);
    expect((await store.loadCheckpoint('people'))?.source).toBe(17);
  });

  it('a single invalid record does not trip the rate limit', async () => {
    const { target } = mapTarget();
    const run = await runFlow({
      flow: flowWith({ maxInvalidRate: 0.1 }),
      store,
      endpoints: endpoints(listSource([{ id: 1, email: 'x' }]), target),
    });
    expect(run).toMatchObject({ status: 'succeeded', deadLettered: 1 });
  });

  it('a missing target key is a dead letter, not a write', async () => {
    const { target, rows } = mapTarget();
    const run = await runFlow({
      flow: flowWith(),
      store,
      endpoints: endpoints(listSource([{ id: null, email: 'e@example.com' }]), target),
    });
    expect(run.deadLettered).toBe(1);
    expect(rows.size).toBe(0);
    expect((await store.listDeadLetters({}))[0]).toMatchObject({ code: 'missing-key', field: 'id' });
  });

  it('a full read starts over next run but keeps the target position for the target', async () => {
    const { target } = mapTarget();
    const opened: JsonValue[] = [];
    const flow = flowWith();
    await runFlow({ flow, store, endpoints: endpoints(listSource(people, false), target, opened) });
    expect(await store.loadCheckpoint('people')).toEqual({ source: null, target: 3 });
    const second = await runFlow({
      flow,
      store,
      endpoints: endpoints(listSource(people, false), target, opened),
    });
    expect(second.read).toBe(4);
    expect(opened).toEqual([null, 3]);
  });

  it('resumes after the last durable batch', async () => {
    const { target } = mapTarget();
    await store.saveCheckpoint('people', { source: 1, target: 0 }, new Date().toISOString());
    const run = await runFlow({ flow: flowWith(), store, endpoints: endpoints(listSource(people), target) });
    expect(run.read).toBe(2);
  });

  it('an abort marks the run interrupted and keeps the last durable checkpoint', async () => {
    const controller = new AbortController();
    const { target } = mapTarget((request) => {
      controller.abort(new Error('operator stop'));
      return { written: request.rows.length, rejected: [] };
    });
    const source: Source = {
      incremental: true,
      async *read(_from, signal) {
        for (let i = 0; i < 4; i += 2) {
          signal.throwIfAborted();
          yield { rows: people.slice(i, i + 2), checkpoint: i + 1 };
        }
      },
      async close() {},
    };
    const run = await runFlow({
      flow: flowWith(),
      store,
      endpoints: endpoints(source, target),
      signal: controller.signal,
    });
    expect(run.status).toBe('interrupted');
    expect((await store.loadCheckpoint('people'))?.source).toBe(1);
  });

  it('acknowledges each batch to the source only once it is committed, and dead-letters source rejects', async () => {
    const acknowledged: { checkpoint: JsonValue; stored: JsonValue | undefined }[] = [];
    const warnings: string[] = [];
    const bad = {
      record: { file: 'a.jsonl', line: 2, text: '{oops' },
      issue: recordIssue('jsonl-invalid', '', 'a.jsonl:2 is not a JSON object', { stage: 'read' }),
    };
    const source: Source = {
      incremental: true,
      async *read() {
        yield { rows: [people[0] as Row], checkpoint: 1, rejected: [bad], warnings: ['guessed latin1'] };
        yield { rows: [people[2] as Row], checkpoint: 2 };
        yield { rows: [people[3] as Row], checkpoint: 3 };
      },
      async acknowledge(checkpoint) {
        acknowledged.push({ checkpoint, stored: (await store.loadCheckpoint('people'))?.source });
      },
      async close() {},
    };
    // The third batch's write fails for good: it must never be acknowledged.
    const { target } = mapTarget((request) => {
      if (request.rows.some((row) => row.id === 4)) {
        throw new IntegrationError('bad row', { kind: 'config', code: 'nope' });
      }
      return undefined;
    });
    const logger = { info() {}, warn: (message: string) => warnings.push(message), error() {} };
    const run = await runFlow({ flow: flowWith(), store, endpoints: endpoints(source, target), logger });
    expect(run).toMatchObject({ status: 'failed', read: 3, written: 2, deadLettered: 1 });
    expect(acknowledged).toEqual([
      { checkpoint: 1, stored: 1 },
      { checkpoint: 2, stored: 2 },
    ]);
    expect(warnings).toContain('guessed latin1');
    const [letter] = await store.listDeadLetters({ flow: 'people' });
    expect(letter).toMatchObject({
      stage: 'read',
      code: 'jsonl-invalid',
      message: 'a.jsonl:2 is not a JSON object',
    });
    expect(letter?.payload).toEqual({ file: 'a.jsonl', line: 2, text: '{oops' });
  });
});

describe('repeatable batches (0054)', () => {
  /** Runs `flow` and returns the `repeatable` flag of each batch commit. */
  async function commitsOf(flow: CompiledFlow, source: Source, target: Target): Promise<unknown[]> {
    // Each run reads from the start.
    await store.saveCheckpoint(flow.name, undefined, new Date().toISOString());
    const flags: unknown[] = [];
    const spied: StateStore = {
      ...store,
      commitBatch: (commit) => {
        flags.push(commit.repeatable);
        return store.commitBatch(commit);
      },
    };
    const run = await runFlow({ flow, store: spied, endpoints: endpoints(source, target) });
    expect(run.status).toBe('succeeded');
    return flags;
  }
  const { position: _, ...noPosition } = mapTarget().target;

  it('commits upserts from a source that acknowledges nothing without waiting for the disk', async () => {
    expect(await commitsOf(flowWith(), listSource(people), noPosition)).toEqual([true, true]);
    // The run's end still waits: the checkpoint is stored as usual.
    expect(await store.loadCheckpoint('people')).toEqual({ source: 3, target: undefined });
  });

  it('waits for the disk when a repeat would not be harmless', async () => {
    const insert = flowWith();
    const inserts = { ...insert, target: { ...insert.target, mode: 'insert' as const } };
    expect(await commitsOf(inserts, listSource(people), noPosition)).toEqual([false, false]);
    // A target with a position of its own would be ahead of a lost checkpoint.
    expect(await commitsOf(flowWith(), listSource(people), mapTarget().target)).toEqual([false, false]);
    // A queue would be told to drop what a lost commit covered.
    const acknowledging: Source = { ...listSource(people), acknowledge: async () => undefined };
    expect(await commitsOf(flowWith(), acknowledging, noPosition)).toEqual([false, false]);
  });
});
