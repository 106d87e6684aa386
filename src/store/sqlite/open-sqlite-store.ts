import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { IntegrationError, toIntegrationError } from '../../core/integration-error.js';
import type {
  BatchCommit,
  DeadLetterFailure,
  DeadLetterFilter,
  NewDeadLetter,
  NewJournalEntry,
  RunError,
  RunRecord,
  StateStore,
  StoredCheckpoint,
} from '../state-store.js';
import { type DeadLetterRow, deadLetterSeqs, deadLetterWhere, toDeadLetter } from './dead-letter-rows.js';
import { guardSqlite as guard } from './guard-sqlite.js';
import { journalStatements } from './journal-statements.js';
import { migrate } from './migrations.js';
import { type RunRow, toRunRecord } from './run-rows.js';
import { runSeriesQuery } from './run-series-query.js';
import { createSqliteAccessStore } from './sqlite-access-store.js';
import { createSqliteBackfillStore } from './sqlite-backfill-store.js';
import { sqliteCutoverStore } from './sqlite-cutover-store.js';
import { sqliteLeaseStore } from './sqlite-lease-store.js';
import { createSqliteMonitoringStore } from './sqlite-monitoring-store.js';
import { parseId } from './store-ids.js';

/**
 * The embedded state store: one SQLite file, by default `.syncline/state.db` beside the spec.
 * WAL lets the dashboard read while a run writes; synchronous=FULL makes every commit (each
 * batch's checkpoint with its dead letters) survive a power cut, which the delivery guarantee
 * rests on — except a batch the engine marks repeatable (0054). Write transactions are
 * IMMEDIATE so a second process waits for the lock (busy timeout) instead of failing half-way.
 */
export async function openSqliteStore(
  path: string,
  options: { busyTimeout?: number } = {},
): Promise<StateStore> {
  await mkdir(dirname(path), { recursive: true });
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: options.busyTimeout ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, path);
  } catch (error) {
    db?.close();
    throw toIntegrationError(error, {
      kind: 'fatal',
      code: 'store-open-failed',
      hint: `State database: ${path}`,
    });
  }
  return createSqliteStore(db);
}

function createSqliteStore(db: Database.Database): StateStore {
  const runBySeq = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE seq = ?');
  const insertRun = db.prepare<[string, string, string], RunRow>(
    "INSERT INTO runs (flow, trigger, status, started_at) VALUES (?, ?, 'running', ?) RETURNING *",
  );
  const interruptRuns = db.prepare<[string, string, string]>(
    `UPDATE runs SET status = 'interrupted', finished_at = ?
     WHERE flow = ? AND status = 'running' AND (trigger = 'backfill') = (? = 'backfill')`,
  );
  const addCounts = db.prepare<[number, number, number, number, number]>(
    `UPDATE runs SET read_count = read_count + ?, written_count = written_count + ?,
       dead_lettered_count = dead_lettered_count + ?, warning_count = warning_count + ? WHERE seq = ?`,
  );
  // Only a running run is finished: one a newer run marked interrupted keeps that status.
  const finish = db.prepare<[string, string, string | null, number], RunRow>(
    "UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE seq = ? AND status = 'running' RETURNING *",
  );
  const firstRunOf = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE flow = ? ORDER BY seq LIMIT 1');
  const firstRunWith = db.prepare<[string, string], RunRow>(
    'SELECT * FROM runs WHERE flow = ? AND status = ? ORDER BY seq LIMIT 1',
  );
  const checkpointOf = db.prepare<[string], { checkpoint: string }>(
    'SELECT checkpoint FROM checkpoints WHERE flow = ?',
  );
  const upsertCheckpoint = db.prepare<[string, string, number | null, string]>(
    `INSERT INTO checkpoints (flow, checkpoint, run_seq, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (flow) DO UPDATE SET checkpoint = excluded.checkpoint, run_seq = excluded.run_seq,
       updated_at = excluded.updated_at`,
  );
  const deleteCheckpoint = db.prepare<[string]>('DELETE FROM checkpoints WHERE flow = ?');
  const insertDeadLetter = db.prepare(
    `INSERT INTO dead_letters (flow, run_id, stage, code, message, field, key, payload, attempts, created_at, updated_at)
     VALUES (@flow, @runId, @stage, @code, @message, @field, @key, @payload, @attempts, @at, @at)`,
  );
  const deadLetterBySeq = db.prepare<[number], DeadLetterRow>('SELECT * FROM dead_letters WHERE seq = ?');
  const resolve = db.prepare<[string, string, string, string | null, string]>(
    'UPDATE dead_letters SET status = ?, resolution = ?, updated_at = ?, resolved_by = ? WHERE seq IN (SELECT value FROM json_each(?))',
  );
  const supersede = db.prepare<[string, string, string, string, string]>(
    `UPDATE dead_letters SET status = 'superseded', resolution = ?, updated_at = ?
     WHERE flow = ? AND key = ? AND status = 'open' AND run_id <> ?`,
  );
  const anyOpen = db.prepare<[string], { one: number }>(
    "SELECT 1 AS one FROM dead_letters WHERE flow = ? AND status = 'open' LIMIT 1",
  );
  const retry = db.prepare<[string, string, string, string | null, string, number]>(
    `UPDATE dead_letters SET attempts = attempts + 1, stage = ?, code = ?, message = ?, field = ?,
       status = 'open', resolution = NULL, updated_at = ? WHERE seq = ?`,
  );

  const saveCheckpoint = (
    flow: string,
    checkpoint: StoredCheckpoint | undefined,
    at: string,
    runSeq: number | null,
  ) => {
    if (checkpoint === undefined) deleteCheckpoint.run(flow);
    else upsertCheckpoint.run(flow, JSON.stringify(checkpoint), runSeq, at);
  };
  const failAgain = (id: string, failure: DeadLetterFailure, at: string) => {
    const seq = parseId('dl', id);
    const changes =
      seq === undefined
        ? 0
        : retry.run(failure.stage, failure.code, failure.message, failure.field ?? null, at, seq).changes;
    if (changes === 0) {
      throw new IntegrationError(`No dead letter ${id}`, { kind: 'fatal', code: 'dead-letter-not-found' });
    }
  };
  /** The run with this id, which must belong to `flow` and still be running (fencing). */
  const requireRunning = (runId: string, flow: string, what: string): number => {
    const seq = parseId('run', runId);
    const run = seq === undefined ? undefined : runBySeq.get(seq);
    if (seq === undefined || run === undefined) throw unknownRun(runId);
    if (run.flow !== flow) {
      throw new IntegrationError(`Run ${runId} belongs to flow "${run.flow}", not "${flow}"`, {
        kind: 'fatal',
        code: 'run-flow-mismatch',
        stage: 'checkpoint',
      });
    }
    // A run superseded by a newer one of the same flow must not move the checkpoint under it.
    if (run.status !== 'running') {
      throw new IntegrationError(`Run ${runId} of flow "${run.flow}" is ${run.status}; it cannot ${what}`, {
        kind: 'fatal',
        code: 'run-not-running',
        stage: 'checkpoint',
        hint: 'Another run of the flow started meanwhile (two workers, or a restart); this one must stop.',
      });
    }
    return seq;
  };
  const addDeadLetter = (letter: NewDeadLetter, at: string) =>
    insertDeadLetter.run({
      flow: letter.flow,
      runId: letter.runId,
      stage: letter.stage,
      code: letter.code,
      message: letter.message,
      field: letter.field ?? null,
      key: json(letter.key),
      payload: JSON.stringify(letter.payload),
      attempts: letter.attempts,
      at,
    });

  const journal = journalStatements(db);
  const runSeries = runSeriesQuery(db);
  const appendJournal = db.transaction(
    (runId: string, flow: string, entries: readonly NewJournalEntry[], at: string): void => {
      journal.append(requireRunning(runId, flow, 'keep a journal'), flow, entries, at);
    },
  );

  const startRun = db.transaction((flow: string, trigger: string, at: string): RunRecord => {
    interruptRuns.run(at, flow, trigger);
    return toRunRecord(insertRun.get(flow, trigger, at) as RunRow);
  });
  const commitBatch = db.transaction((commit: BatchCommit): void => {
    const seq = requireRunning(commit.runId, commit.flow, 'commit a batch');
    // Most batches meet no open dead letter: one indexed probe instead of an UPDATE per row.
    const wrote = commit.written;
    const writtenKeys =
      wrote !== undefined && anyOpen.get(commit.flow) !== undefined
        ? typeof wrote === 'function'
          ? wrote()
          : wrote
        : [];
    for (const key of writtenKeys) {
      supersede.run(
        `superseded: run ${commit.runId} wrote a newer version`,
        commit.at,
        commit.flow,
        JSON.stringify(key),
        '',
      );
    }
    for (const letter of commit.deadLetters) {
      if (letter.key !== undefined) {
        supersede.run(
          `superseded: the record failed again in run ${commit.runId}`,
          commit.at,
          commit.flow,
          JSON.stringify(letter.key),
          commit.runId,
        );
      }
      addDeadLetter(letter, commit.at);
    }
    if (commit.replayed !== undefined && commit.replayed.ids.length > 0) {
      const { ids, resolution } = commit.replayed;
      resolve.run('replayed', resolution, commit.at, null, JSON.stringify(deadLetterSeqs(ids)));
    }
    for (const { id, failure } of commit.failedAgain ?? []) failAgain(id, failure, commit.at);
    // No checkpoint in the commit: the stored one stays where it is.
    if (commit.checkpoint !== undefined) saveCheckpoint(commit.flow, commit.checkpoint, commit.at, seq);
    const { read, written, deadLettered, warnings } = commit.counts;
    addCounts.run(read, written, deadLettered, warnings, seq);
  });
  /**
   * A repeatable batch (0054) commits with synchronous=NORMAL: in WAL mode the commit is in the
   * log, and the OS flushes it later; the next FULL commit syncs the log, this one with it.
   */
  const withoutSync = (commit: BatchCommit): void => {
    db.pragma('synchronous = NORMAL');
    try {
      commitBatch.immediate(commit);
    } finally {
      db.pragma('synchronous = FULL');
    }
  };
  const finishRun = db.transaction(
    (runId: string, status: string, at: string, error: RunError | undefined): RunRecord => {
      const seq = parseId('run', runId);
      const row =
        seq === undefined ? undefined : (finish.get(status, at, json(error), seq) ?? runBySeq.get(seq));
      if (row === undefined) throw unknownRun(runId);
      return toRunRecord(row);
    },
  );
  const saveCheckpointOf = db.transaction(
    (flow: string, checkpoint: StoredCheckpoint | undefined, at: string, runId: string | undefined) => {
      const seq = runId === undefined ? null : requireRunning(runId, flow, 'save a checkpoint');
      saveCheckpoint(flow, checkpoint, at, seq);
    },
  );

  const store: StateStore = {
    leases: sqliteLeaseStore(db),
    startRun: async (flow, trigger, at) => guard(() => startRun.immediate(flow, trigger, at)),
    commitBatch: async (commit) =>
      guard(() => (commit.repeatable === true ? withoutSync(commit) : commitBatch.immediate(commit))),
    finishRun: async (runId, status, at, error?: RunError) =>
      guard(() => finishRun.immediate(runId, status, at, error)),
    getRun: async (runId) =>
      guard(() => {
        const seq = parseId('run', runId);
        const row = seq === undefined ? undefined : runBySeq.get(seq);
        return row === undefined ? undefined : toRunRecord(row);
      }),
    listRuns: async (filter = {}) =>
      guard(() => {
        const where = filter.flow === undefined ? '' : 'WHERE flow = ?';
        const params: (string | number)[] = filter.flow === undefined ? [] : [filter.flow];
        if (filter.limit !== undefined) params.push(filter.limit);
        const limit = filter.limit === undefined ? '' : 'LIMIT ?';
        return db
          .prepare<unknown[], RunRow>(`SELECT * FROM runs ${where} ORDER BY seq DESC ${limit}`)
          .all(...params)
          .map(toRunRecord);
      }),
    firstRun: async (flow, status?: string) =>
      guard(() => {
        const row = status === undefined ? firstRunOf.get(flow) : firstRunWith.get(flow, status);
        return row === undefined ? undefined : toRunRecord(row);
      }),
    loadCheckpoint: async (flow) =>
      guard(() => {
        const row = checkpointOf.get(flow);
        if (row === undefined) return undefined;
        // Stored whole as JSON: {"source": ..., "target": ...}; an absent target stays absent.
        return JSON.parse(row.checkpoint) as StoredCheckpoint;
      }),
    saveCheckpoint: async (flow, checkpoint, at, runId?: string) =>
      guard(() => saveCheckpointOf.immediate(flow, checkpoint, at, runId)),
    listDeadLetters: async (filter: DeadLetterFilter = {}) =>
      guard(() => {
        const { sql, params } = deadLetterWhere(filter);
        const limit =
          filter.limit === undefined ? '' : filter.offset === undefined ? 'LIMIT ?' : 'LIMIT ? OFFSET ?';
        if (filter.limit !== undefined) params.push(filter.limit);
        if (filter.limit !== undefined && filter.offset !== undefined) params.push(filter.offset);
        // Oldest first: a replay must apply a record's failures in the order they happened.
        return db
          .prepare<unknown[], DeadLetterRow>(`SELECT * FROM dead_letters ${sql} ORDER BY seq ${limit}`)
          .all(...params)
          .map(toDeadLetter);
      }),
    countDeadLetters: async (filter: DeadLetterFilter = {}) =>
      guard(() => {
        const { sql, params } = deadLetterWhere(filter);
        const row = db
          .prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM dead_letters ${sql}`)
          .get(...params);
        return row?.n ?? 0;
      }),
    getDeadLetter: async (id) =>
      guard(() => {
        const seq = parseId('dl', id);
        const row = seq === undefined ? undefined : deadLetterBySeq.get(seq);
        return row === undefined ? undefined : toDeadLetter(row);
      }),
    resolveDeadLetters: async (ids, status, resolution, at, by?: string) =>
      guard(() => {
        resolve.run(status, resolution, at, by ?? null, JSON.stringify(deadLetterSeqs(ids)));
      }),
    retryFailed: async (id, failure, at) => guard(() => failAgain(id, failure, at)),
    appendJournal: async (runId, flow, entries, at) =>
      guard(() => appendJournal.immediate(runId, flow, entries, at)),
    readJournal: async (runId, page) =>
      guard(() => {
        const seq = parseId('run', runId);
        return seq === undefined ? [] : journal.read(seq, page);
      }),
    pruneJournal: async (flow, before) => guard(() => journal.prune(flow, before)),
    countJournal: async (runId) =>
      guard(() => {
        const seq = parseId('run', runId);
        return seq === undefined ? 0 : journal.count(seq);
      }),
    runSeries: async (flow, since) => guard(() => runSeries(flow, since)),
    access: createSqliteAccessStore(db),
    monitoring: createSqliteMonitoringStore(db, guard),
    cutover: sqliteCutoverStore(db, guard),
    backfills: createSqliteBackfillStore(db, guard),
    close: async () => {
      if (db.open) db.close();
    },
  };
  return store;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function unknownRun(runId: string): IntegrationError {
  return new IntegrationError(`No run ${runId}`, { kind: 'fatal', code: 'run-not-found' });
}
