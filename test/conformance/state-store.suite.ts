import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodePayload } from '../../src/core/encode-payload.js';
import type { BatchCommit, NewDeadLetter, RunCounts, StateStore } from '../../src/store/state-store.js';

/**
 * The StateStore contract, as one suite every store runs against a real database
 * (`describeStateStore('sqlite', () => openSqliteStore(tmp))`). `open` must return an empty store.
 */
export function describeStateStore(name: string, open: () => Promise<StateStore>): void {
  describe(`StateStore conformance: ${name}`, () => {
    let store: StateStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const zero: RunCounts = { read: 0, written: 0, deadLettered: 0, warnings: 0 };
    const letter = (runId: string, extra: Partial<NewDeadLetter> = {}): NewDeadLetter => ({
      flow: 'orders',
      runId,
      stage: 'validate',
      code: 'email',
      message: 'not an email',
      field: 'email',
      key: { id: 7 },
      payload: encodePayload({ id: 7n, email: 'x', photo: new Uint8Array([1, 2]) }),
      attempts: 1,
      ...extra,
    });

    describe('runs', () => {
      it('starts a run as running with zero counts', async () => {
        const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        expect(run).toMatchObject({ flow: 'orders', trigger: 'manual', status: 'running', ...zero });
        expect(run.startedAt).toBe('2024-01-01T00:00:00.000Z');
        expect(run.finishedAt).toBeUndefined();
        expect(await store.getRun(run.id)).toEqual(run);
      });

      it('gives distinct ids and lists newest first, by flow, with a limit', async () => {
        const a = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        const b = await store.startRun('customers', 'schedule', '2024-01-01T00:01:00.000Z');
        const c = await store.startRun('orders', 'schedule', '2024-01-01T00:02:00.000Z');
        expect(new Set([a.id, b.id, c.id]).size).toBe(3);
        expect((await store.listRuns()).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
        expect((await store.listRuns({ flow: 'orders' })).map((r) => r.id)).toEqual([c.id, a.id]);
        expect((await store.listRuns({ limit: 1 })).map((r) => r.id)).toEqual([c.id]);
      });

      it('finds the oldest run of a flow, of a status', async () => {
        const failed = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.finishRun(failed.id, 'failed', '2024-01-01T00:00:01.000Z');
        const first = await store.startRun('orders', 'manual', '2024-01-02T00:00:00.000Z');
        await store.finishRun(first.id, 'succeeded', '2024-01-02T00:00:01.000Z');
        const second = await store.startRun('orders', 'manual', '2024-01-03T00:00:00.000Z');
        await store.finishRun(second.id, 'succeeded', '2024-01-03T00:00:01.000Z');
        expect((await store.firstRun('orders'))?.id).toBe(failed.id);
        expect((await store.firstRun('orders', 'succeeded'))?.id).toBe(first.id);
        expect(await store.firstRun('customers', 'succeeded')).toBeUndefined();
      });

      it('marks runs of the same flow that are still running as interrupted', async () => {
        const old = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        const other = await store.startRun('customers', 'manual', '2024-01-01T00:00:00.000Z');
        await store.startRun('orders', 'manual', '2024-01-01T01:00:00.000Z');
        expect((await store.getRun(old.id))?.status).toBe('interrupted');
        expect((await store.getRun(other.id))?.status).toBe('running');
      });

      it('finishes a run with status, time and error', async () => {
        const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        const error = {
          kind: 'transient' as const,
          code: 'sqlite-busy',
          stage: 'write' as const,
          message: 'locked',
        };
        const done = await store.finishRun(run.id, 'failed', '2024-01-01T00:05:00.000Z', error);
        expect(done).toMatchObject({
          id: run.id,
          status: 'failed',
          finishedAt: '2024-01-01T00:05:00.000Z',
          error,
        });
        expect(await store.getRun(run.id)).toEqual(done);
        const ok = await store.startRun('orders', 'manual', '2024-01-01T01:00:00.000Z');
        expect((await store.finishRun(ok.id, 'succeeded', '2024-01-01T01:01:00.000Z')).error).toBeUndefined();
      });

      it('does not overwrite a run that a newer run marked interrupted', async () => {
        const old = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.startRun('orders', 'manual', '2024-01-01T01:00:00.000Z');
        const interrupted = await store.getRun(old.id);
        expect(interrupted?.status).toBe('interrupted');
        // The stale worker finishes late: its record stays as the newer run left it.
        const late = await store.finishRun(old.id, 'succeeded', '2024-01-01T02:00:00.000Z');
        expect(late).toEqual(interrupted);
        expect(await store.getRun(old.id)).toEqual(interrupted);
        await expect(
          store.finishRun(old.id, 'failed', '2024-01-01T02:00:01.000Z', {
            kind: 'fatal',
            code: 'x',
            message: 'x',
          }),
        ).resolves.toEqual(interrupted);
        // A finished run is not finished twice either.
        const run = await store.startRun('customers', 'manual', '2024-01-01T00:00:00.000Z');
        const done = await store.finishRun(run.id, 'succeeded', '2024-01-01T00:01:00.000Z');
        expect(await store.finishRun(run.id, 'failed', '2024-01-01T00:02:00.000Z')).toEqual(done);
      });

      it('answers undefined for an unknown run and refuses to finish one', async () => {
        expect(await store.getRun('run-999999')).toBeUndefined();
        expect(await store.getRun('nonsense')).toBeUndefined();
        await expect(
          store.finishRun('run-999999', 'failed', '2024-01-01T00:00:00.000Z'),
        ).rejects.toMatchObject({
          code: 'run-not-found',
        });
      });
    });

    describe('checkpoints', () => {
      it('saves, loads, replaces and clears a checkpoint', async () => {
        expect(await store.loadCheckpoint('orders')).toBeUndefined();
        await store.saveCheckpoint('orders', { source: { key: [1] } }, '2024-01-01T00:00:00.000Z');
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [1] } });
        await store.saveCheckpoint(
          'orders',
          { source: { file: 'a.csv', line: 3 }, target: { bytes: 120 } },
          '2024-01-01T00:01:00.000Z',
        );
        expect(await store.loadCheckpoint('orders')).toEqual({
          source: { file: 'a.csv', line: 3 },
          target: { bytes: 120 },
        });
        expect(await store.loadCheckpoint('customers')).toBeUndefined();
        await store.saveCheckpoint('orders', undefined, '2024-01-01T00:02:00.000Z');
        expect(await store.loadCheckpoint('orders')).toBeUndefined();
      });

      it('with a run id, saves only while that run of the flow is running', async () => {
        const old = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.saveCheckpoint('orders', { source: { key: [1] } }, '2024-01-01T00:00:01.000Z', old.id);
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [1] } });
        const newer = await store.startRun('orders', 'manual', '2024-01-01T01:00:00.000Z');
        await expect(
          store.saveCheckpoint('orders', { source: { key: [2] } }, '2024-01-01T01:00:01.000Z', old.id),
        ).rejects.toMatchObject({ kind: 'fatal', code: 'run-not-running' });
        await expect(
          store.saveCheckpoint('orders', undefined, '2024-01-01T01:00:01.000Z', old.id),
        ).rejects.toMatchObject({ code: 'run-not-running' });
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [1] } });
        await expect(
          store.saveCheckpoint('orders', { source: null }, '2024-01-01T01:00:01.000Z', 'run-999999'),
        ).rejects.toMatchObject({ code: 'run-not-found' });
        await store.saveCheckpoint('orders', { source: { key: [3] } }, '2024-01-01T01:00:02.000Z', newer.id);
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [3] } });
        await store.finishRun(newer.id, 'succeeded', '2024-01-01T01:00:03.000Z');
        await expect(
          store.saveCheckpoint('orders', { source: { key: [4] } }, '2024-01-01T01:00:04.000Z', newer.id),
        ).rejects.toMatchObject({ code: 'run-not-running' });
        // Without a run id (a reset by hand) it is unconditional.
        await store.saveCheckpoint('orders', undefined, '2024-01-01T01:00:05.000Z');
        expect(await store.loadCheckpoint('orders')).toBeUndefined();
      });
    });

    describe('commitBatch', () => {
      it('adds dead letters, moves the checkpoint and adds to the counters together', async () => {
        const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        const at = '2024-01-01T00:00:10.000Z';
        await store.commitBatch({
          flow: 'orders',
          runId: run.id,
          at,
          checkpoint: { source: { key: [100] } },
          deadLetters: [
            letter(run.id),
            letter(run.id, { code: 'required', field: undefined, key: undefined }),
          ],
          counts: { read: 100, written: 97, deadLettered: 2, warnings: 1 },
          // Need not wait for the disk (0054), but is applied like any other commit.
          repeatable: true,
        });
        await store.commitBatch({
          flow: 'orders',
          runId: run.id,
          at: '2024-01-01T00:00:20.000Z',
          checkpoint: undefined,
          deadLetters: [],
          counts: { read: 5, written: 5, deadLettered: 0, warnings: 0 },
        });
        expect(await store.getRun(run.id)).toMatchObject({
          read: 105,
          written: 102,
          deadLettered: 2,
          warnings: 1,
        });
        // An undefined checkpoint leaves the saved one where it was.
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [100] } });
        const letters = await store.listDeadLetters({ flow: 'orders' });
        expect(letters).toHaveLength(2);
        expect(letters[0]).toMatchObject({ ...letter(run.id), status: 'open', createdAt: at, updatedAt: at });
        expect(letters[1]?.field).toBeUndefined();
        expect(letters[1]?.key).toBeUndefined();
        expect(letters[1]?.resolution).toBeUndefined();
      });

      it('refuses a batch for an unknown run or one that is no longer running, changing nothing', async () => {
        const old = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.startRun('orders', 'manual', '2024-01-01T01:00:00.000Z');
        const commit = {
          flow: 'orders',
          at: '2024-01-01T01:00:01.000Z',
          checkpoint: { source: { key: [5] } },
          deadLetters: [letter(old.id)],
          counts: { read: 1, written: 0, deadLettered: 1, warnings: 0 },
        };
        await expect(store.commitBatch({ ...commit, runId: old.id })).rejects.toMatchObject({
          code: 'run-not-running',
        });
        await expect(store.commitBatch({ ...commit, runId: old.id, repeatable: true })).rejects.toMatchObject(
          {
            code: 'run-not-running',
          },
        );
        await expect(store.commitBatch({ ...commit, runId: 'run-999999' })).rejects.toMatchObject({
          code: 'run-not-found',
        });
        expect(await store.loadCheckpoint('orders')).toBeUndefined();
        expect(await store.countDeadLetters()).toBe(0);
        expect(await store.getRun(old.id)).toMatchObject({ read: 0, deadLettered: 0 });
      });
    });

    describe('commitBatch from a replay', () => {
      const seedOpen = async () => {
        const first = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.commitBatch({
          flow: 'orders',
          runId: first.id,
          at: '2024-01-01T00:00:01.000Z',
          checkpoint: { source: { key: [9] } },
          deadLetters: [letter(first.id), letter(first.id, { code: 'required' }), letter(first.id)],
          counts: { read: 3, written: 0, deadLettered: 3, warnings: 0 },
        });
        await store.finishRun(first.id, 'succeeded', '2024-01-01T00:00:02.000Z');
        const ids = (await store.listDeadLetters()).map((d) => d.id);
        const replay = await store.startRun('orders', 'replay', '2024-01-02T00:00:00.000Z');
        return { ids, replay };
      };

      it('marks replayed and failed-again dead letters with the batch, leaving an absent checkpoint alone', async () => {
        const { ids, replay } = await seedOpen();
        const [a, b, c] = ids as [string, string, string];
        const at = '2024-01-02T00:00:05.000Z';
        await store.commitBatch({
          flow: 'orders',
          runId: replay.id,
          at,
          checkpoint: undefined,
          deadLetters: [],
          counts: { read: 3, written: 2, deadLettered: 0, warnings: 0 },
          replayed: { ids: [a, c], resolution: `replayed by run ${replay.id}` },
          failedAgain: [
            { id: b, failure: { stage: 'write', code: 'not-null', message: 'NOT NULL', field: 'name' } },
          ],
        });
        expect(await store.getDeadLetter(a)).toMatchObject({
          status: 'replayed',
          resolution: `replayed by run ${replay.id}`,
          updatedAt: at,
          createdAt: '2024-01-01T00:00:01.000Z',
          attempts: 1,
        });
        expect((await store.getDeadLetter(c))?.status).toBe('replayed');
        expect(await store.getDeadLetter(b)).toMatchObject({
          status: 'open',
          attempts: 2,
          stage: 'write',
          code: 'not-null',
          message: 'NOT NULL',
          field: 'name',
          updatedAt: at,
        });
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [9] } });
        expect(await store.getRun(replay.id)).toMatchObject({ read: 3, written: 2 });

        // A field-less failure clears the old field.
        await store.commitBatch({
          flow: 'orders',
          runId: replay.id,
          at: '2024-01-02T00:00:06.000Z',
          checkpoint: undefined,
          deadLetters: [],
          counts: zero,
          failedAgain: [{ id: b, failure: { stage: 'map', code: 'bad', message: 'no value' } }],
        });
        const again = await store.getDeadLetter(b);
        expect(again).toMatchObject({ attempts: 3, stage: 'map', code: 'bad', message: 'no value' });
        expect(again?.field).toBeUndefined();
      });

      it('changes nothing when any part of the commit is refused', async () => {
        const { ids, replay } = await seedOpen();
        const [a, b] = ids as [string, string];
        const before = await store.listDeadLetters();
        await expect(
          store.commitBatch({
            flow: 'orders',
            runId: replay.id,
            at: '2024-01-02T00:00:05.000Z',
            checkpoint: { source: { key: [99] } },
            deadLetters: [letter(replay.id)],
            counts: { read: 1, written: 1, deadLettered: 1, warnings: 0 },
            replayed: { ids: [a], resolution: 'x' },
            failedAgain: [
              { id: b, failure: { stage: 'write', code: 'x', message: 'x' } },
              { id: 'dl-999999', failure: { stage: 'write', code: 'x', message: 'x' } },
            ],
          }),
        ).rejects.toMatchObject({ code: 'dead-letter-not-found' });
        expect(await store.listDeadLetters()).toEqual(before);
        expect(await store.loadCheckpoint('orders')).toEqual({ source: { key: [9] } });
        expect(await store.getRun(replay.id)).toMatchObject({ read: 0, written: 0 });

        // A superseded replay run cannot resolve dead letters either.
        await store.startRun('orders', 'manual', '2024-01-03T00:00:00.000Z');
        await expect(
          store.commitBatch({
            flow: 'orders',
            runId: replay.id,
            at: '2024-01-03T00:00:01.000Z',
            checkpoint: undefined,
            deadLetters: [],
            counts: zero,
            replayed: { ids: [a], resolution: 'x' },
          }),
        ).rejects.toMatchObject({ code: 'run-not-running' });
        expect(await store.listDeadLetters()).toEqual(before);
      });
    });

    describe('dead letters', () => {
      const seed = async () => {
        const a = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        const commit = (runId: string, at: string, letters: NewDeadLetter[]) =>
          store.commitBatch({
            flow: letters[0]?.flow ?? 'orders',
            runId,
            at,
            checkpoint: undefined,
            deadLetters: letters,
            counts: zero,
          });
        await commit(a.id, '2024-01-01T00:00:01.000Z', [letter(a.id), letter(a.id, { code: 'required' })]);
        const b = await store.startRun('customers', 'manual', '2024-01-02T00:00:00.000Z');
        await commit(b.id, '2024-01-02T00:00:01.000Z', [letter(b.id, { flow: 'customers' })]);
        return { a, b };
      };

      it('supersedes an open dead letter when its key is written, or fails again in a later run', async () => {
        const first = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        const batch = (runId: string, at: string, extra: Partial<BatchCommit>) =>
          store.commitBatch({
            flow: 'orders',
            runId,
            at,
            checkpoint: undefined,
            deadLetters: [],
            counts: zero,
            ...extra,
          });
        await batch(first.id, '2024-01-01T00:00:01.000Z', {
          deadLetters: [letter(first.id, { key: [1], stage: 'write' }), letter(first.id, { key: [2] })],
        });
        await store.finishRun(first.id, 'succeeded', '2024-01-01T00:00:02.000Z');
        const second = await store.startRun('orders', 'manual', '2024-01-02T00:00:00.000Z');
        await batch(second.id, '2024-01-02T00:00:01.000Z', {
          written: [[1]],
          deadLetters: [letter(second.id, { key: [2], code: 'required' })],
        });
        const all = await store.listDeadLetters();
        expect(all.map((d) => [d.key, d.status, d.runId])).toEqual([
          [[1], 'superseded', first.id],
          [[2], 'superseded', first.id],
          [[2], 'open', second.id],
        ]);
        expect(all[0]?.resolution).toContain(`run ${second.id} wrote a newer version`);
        expect(all[1]?.resolution).toContain(`failed again in run ${second.id}`);
        expect(await store.countDeadLetters({ status: 'superseded' })).toBe(2);
        expect(await store.countDeadLetters({ stage: 'write' })).toBe(1);
        expect(await store.countDeadLetters({ attemptsBelow: 1 })).toBe(0);
      });

      it('keeps who resolved a dead letter by hand', async () => {
        await seed();
        const [first] = await store.listDeadLetters();
        await store.resolveDeadLetters(
          [first?.id ?? ''],
          'discarded',
          'test data',
          '2024-01-05T00:00:00.000Z',
          'anna',
        );
        expect(await store.getDeadLetter(first?.id ?? '')).toMatchObject({
          status: 'discarded',
          resolution: 'test data',
          resolvedBy: 'anna',
          updatedAt: '2024-01-05T00:00:00.000Z',
        });
      });

      it('lists oldest first and filters by flow, status, code, run, time and limit', async () => {
        const { a, b } = await seed();
        const all = await store.listDeadLetters();
        expect(all.map((d) => [d.flow, d.code])).toEqual([
          ['orders', 'email'],
          ['orders', 'required'],
          ['customers', 'email'],
        ]);
        expect(new Set(all.map((d) => d.id)).size).toBe(3);
        expect(await store.countDeadLetters()).toBe(3);
        expect(await store.countDeadLetters({ flow: 'orders' })).toBe(2);
        expect(await store.countDeadLetters({ code: 'email' })).toBe(2);
        expect(await store.countDeadLetters({ runId: b.id })).toBe(1);
        expect(await store.countDeadLetters({ runId: a.id, code: 'required' })).toBe(1);
        expect(await store.countDeadLetters({ before: '2024-01-02T00:00:00.000Z' })).toBe(2);
        expect(await store.countDeadLetters({ status: 'open' })).toBe(3);
        expect((await store.listDeadLetters({ limit: 2 })).map((d) => d.code)).toEqual(['email', 'required']);
        expect(await store.getDeadLetter(all[2]?.id ?? '')).toEqual(all[2]);
        expect(await store.getDeadLetter('dl-999999')).toBeUndefined();
      });

      it('pages dead letters by position', async () => {
        const { a } = await seed();
        const all = await store.listDeadLetters({ runId: a.id });
        expect(await store.listDeadLetters({ runId: a.id, limit: 1, offset: 1 })).toEqual([all[1]]);
      });

      it('keeps the payload exactly', async () => {
        await seed();
        const [first] = await store.listDeadLetters({ limit: 1 });
        expect(first?.payload).toEqual(letter('x').payload);
        expect(first?.key).toEqual({ id: 7 });
      });

      it('resolves dead letters as replayed or discarded', async () => {
        await seed();
        const [one, two, three] = await store.listDeadLetters();
        await store.resolveDeadLetters(
          [one?.id ?? '', two?.id ?? ''],
          'replayed',
          'run-000042',
          '2024-02-01T00:00:00.000Z',
        );
        await store.resolveDeadLetters(
          [three?.id ?? ''],
          'discarded',
          'test data',
          '2024-02-02T00:00:00.000Z',
        );
        expect(await store.getDeadLetter(one?.id ?? '')).toMatchObject({
          status: 'replayed',
          resolution: 'run-000042',
          updatedAt: '2024-02-01T00:00:00.000Z',
          createdAt: one?.createdAt,
        });
        expect(await store.countDeadLetters({ status: 'replayed' })).toBe(2);
        expect(await store.countDeadLetters({ status: 'discarded' })).toBe(1);
        expect(await store.countDeadLetters({ status: 'open' })).toBe(0);
        // Unknown ids are ignored.
        await store.resolveDeadLetters(
          ['dl-999999', 'nonsense'],
          'discarded',
          'x',
          '2024-02-03T00:00:00.000Z',
        );
        await store.resolveDeadLetters([], 'discarded', 'x', '2024-02-03T00:00:00.000Z');
      });

      it('counts a failed replay as one more attempt with the new reason', async () => {
        await seed();
        const [first] = await store.listDeadLetters({ limit: 1 });
        const id = first?.id ?? '';
        await store.retryFailed(
          id,
          { stage: 'write', code: 'not-null', message: 'NOT NULL', field: 'name' },
          '2024-03-01T00:00:00.000Z',
        );
        expect(await store.getDeadLetter(id)).toMatchObject({
          attempts: 2,
          stage: 'write',
          code: 'not-null',
          message: 'NOT NULL',
          field: 'name',
          status: 'open',
          updatedAt: '2024-03-01T00:00:00.000Z',
        });
        await store.retryFailed(
          id,
          { stage: 'map', code: 'bad', message: 'no field' },
          '2024-03-02T00:00:00.000Z',
        );
        expect(await store.getDeadLetter(id)).toMatchObject({ attempts: 3, code: 'bad' });
        expect((await store.getDeadLetter(id))?.field).toBeUndefined();
        await expect(
          store.retryFailed(
            'dl-999999',
            { stage: 'map', code: 'x', message: 'x' },
            '2024-03-02T00:00:00.000Z',
          ),
        ).rejects.toMatchObject({ code: 'dead-letter-not-found' });
      });
    });

    describe('journal', () => {
      const entry = (id: number, before: number | null) => ({
        key: [id],
        before: before === null ? null : encodePayload({ id, amount: before }),
        after: encodePayload({ id, amount: id * 10 }),
      });

      it('keeps before-images per run, in pages, oldest or newest first', async () => {
        const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.appendJournal(
          run.id,
          'orders',
          [entry(1, null), entry(2, 5)],
          '2024-01-01T00:00:01.000Z',
        );
        await store.appendJournal(run.id, 'orders', [entry(3, 7)], '2024-01-01T00:00:02.000Z');
        const first = await store.readJournal(run.id, { limit: 2 });
        expect(first.map((e) => e.key)).toEqual([[1], [2]]);
        expect(first[0]).toMatchObject({ runId: run.id, flow: 'orders', before: null });
        expect(first[1]?.before).toEqual(encodePayload({ id: 2, amount: 5 }));
        const next = await store.readJournal(run.id, { after: first[1]?.seq, limit: 2 });
        expect(next.map((e) => e.key)).toEqual([[3]]);
        const newest = await store.readJournal(run.id, { limit: 10, newestFirst: true });
        expect(newest.map((e) => e.key)).toEqual([[3], [2], [1]]);
        const older = await store.readJournal(run.id, {
          after: newest[0]?.seq,
          limit: 10,
          newestFirst: true,
        });
        expect(older.map((e) => e.key)).toEqual([[2], [1]]);
      });

      it("counts a run's entries and pages them by position", async () => {
        const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.appendJournal(
          run.id,
          'orders',
          [entry(1, null), entry(2, 5), entry(3, 7)],
          '2024-01-01T00:00:01.000Z',
        );
        expect(await store.countJournal(run.id)).toBe(3);
        expect(await store.countJournal('run-999999')).toBe(0);
        const page = await store.readJournal(run.id, { offset: 1, limit: 1 });
        expect(page.map((e) => e.key)).toEqual([[2]]);
      });

      it('refuses entries for a run that is no longer running', async () => {
        const run = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.finishRun(run.id, 'succeeded', '2024-01-01T00:00:01.000Z');
        await expect(
          store.appendJournal(run.id, 'orders', [entry(1, null)], '2024-01-01T00:00:02.000Z'),
        ).rejects.toMatchObject({
          code: 'run-not-running',
        });
      });

      it('prunes the journal of runs older than the retention', async () => {
        const old = await store.startRun('orders', 'manual', '2024-01-01T00:00:00.000Z');
        await store.appendJournal(old.id, 'orders', [entry(1, null)], '2024-01-01T00:00:01.000Z');
        await store.finishRun(old.id, 'succeeded', '2024-01-01T00:00:02.000Z');
        const recent = await store.startRun('orders', 'manual', '2024-03-01T00:00:00.000Z');
        await store.appendJournal(recent.id, 'orders', [entry(2, null)], '2024-03-01T00:00:01.000Z');
        expect(await store.pruneJournal('orders', '2024-02-01T00:00:00.000Z')).toBe(1);
        expect(await store.readJournal(old.id, { limit: 10 })).toEqual([]);
        expect(await store.readJournal(recent.id, { limit: 10 })).toHaveLength(1);
      });
    });

    describe('run series', () => {
      it("sums a flow's runs per hour of their start, with their dead letters by stage", async () => {
        const runAt = async (
          start: string,
          end: string,
          status: 'succeeded' | 'failed',
          letters: NewDeadLetter['stage'][],
        ) => {
          const run = await store.startRun('orders', 'schedule', start);
          await store.commitBatch({
            flow: 'orders',
            runId: run.id,
            at: start,
            checkpoint: undefined,
            deadLetters: letters.map((stage, i) => letter(run.id, { stage, key: [i] })),
            counts: { read: 10, written: 10 - letters.length, deadLettered: letters.length, warnings: 0 },
          });
          await store.finishRun(run.id, status, end);
        };
        await runAt('2024-01-01T09:59:00.000Z', '2024-01-01T09:59:01.000Z', 'succeeded', []);
        await runAt('2024-01-01T10:05:00.000Z', '2024-01-01T10:05:02.500Z', 'succeeded', [
          'write',
          'validate',
        ]);
        await runAt('2024-01-01T10:35:00.000Z', '2024-01-01T10:35:00.250Z', 'failed', ['map']);
        await runAt('2024-01-01T12:00:00.000Z', '2024-01-01T12:00:01.000Z', 'succeeded', []);
        await store.startRun('customers', 'manual', '2024-01-01T10:10:00.000Z');
        const points = await store.runSeries('orders', '2024-01-01T10:00:00.000Z');
        expect(points).toEqual([
          {
            at: '2024-01-01T10:00:00.000Z',
            runs: 2,
            failed: 1,
            read: 20,
            written: 17,
            rejected: 1,
            invalid: 2,
            deadLettered: 3,
            durationMsMax: 2500,
          },
          {
            at: '2024-01-01T12:00:00.000Z',
            runs: 1,
            failed: 0,
            read: 10,
            written: 10,
            rejected: 0,
            invalid: 0,
            deadLettered: 0,
            durationMsMax: 1000,
          },
        ]);
        expect(await store.runSeries('nothing', '2024-01-01T00:00:00.000Z')).toEqual([]);
      });
    });

    describe('audit log', () => {
      it('lists newest first and pages back by seq or by time', async () => {
        for (const minute of [1, 2, 3, 4]) {
          await store.access.appendAudit({
            at: `2024-01-01T00:0${minute}:00.000Z`,
            actor: 'ada',
            action: `act-${minute}`,
            outcome: 'ok',
          });
        }
        const actions = (entries: readonly { action: string }[]) => entries.map((e) => e.action);
        const newest = await store.access.listAudit({ limit: 2, newestFirst: true });
        expect(actions(newest)).toEqual(['act-4', 'act-3']);
        const before = await store.access.listAudit({
          limit: 2,
          newestFirst: true,
          before: { seq: newest[1]?.seq ?? 0 },
        });
        expect(actions(before)).toEqual(['act-2', 'act-1']);
        const byTime = await store.access.listAudit({
          newestFirst: true,
          before: { at: '2024-01-01T00:03:00.000Z' },
        });
        expect(actions(byTime)).toEqual(['act-2', 'act-1']);
        expect(actions(await store.access.listAudit({ limit: 2 }))).toEqual(['act-3', 'act-4']);
      });
    });

    describe('flow leases', () => {
      const t = (second: number) => `2024-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

      it('gives a flow to one holder until its lease expires', async () => {
        expect(await store.leases.acquire('orders', 'a', t(0), t(30))).toBe(true);
        expect(await store.leases.acquire('orders', 'b', t(10), t(40))).toBe(false);
        // Another flow is free; the holder renews its own lease.
        expect(await store.leases.acquire('invoices', 'b', t(10), t(40))).toBe(true);
        expect(await store.leases.acquire('orders', 'a', t(20), t(50))).toBe(true);
        expect(await store.leases.list(t(45))).toEqual([{ flow: 'orders', holder: 'a', expiresAt: t(50) }]);
        // Expired: the next holder may take it.
        expect(await store.leases.acquire('orders', 'b', t(50), t(59))).toBe(true);
        expect(await store.leases.acquire('orders', 'a', t(51), t(59))).toBe(false);
      });

      it("releases only the holder's own lease", async () => {
        await store.leases.acquire('orders', 'a', t(0), t(30));
        await store.leases.release('orders', 'b');
        expect(await store.leases.acquire('orders', 'b', t(1), t(30))).toBe(false);
        await store.leases.release('orders', 'a');
        expect(await store.leases.acquire('orders', 'b', t(2), t(30))).toBe(true);
        expect(await store.leases.list(t(3))).toEqual([{ flow: 'orders', holder: 'b', expiresAt: t(30) }]);
      });
    });
  });
}
