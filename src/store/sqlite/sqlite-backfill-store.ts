import type Database from 'better-sqlite3';
import { IntegrationError } from '../../core/integration-error.js';
import type { JsonValue } from '../../core/row.js';
import type { BackfillChunk, BackfillRecord, BackfillStatus, BackfillStore } from '../backfill-store.js';
import { formatId, parseId } from './store-ids.js';

interface BackfillRow {
  readonly seq: number;
  readonly flow: string;
  readonly plan: string;
  readonly total: number;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at: string | null;
}

interface ChunkRow {
  readonly idx: number;
  readonly ranges: string;
  readonly is_done: number;
  readonly read_count: number;
  readonly written_count: number;
  readonly dead_lettered_count: number;
  readonly skipped_count: number;
  readonly finished_at: string | null;
}

/** The `backfills` property of the SQLite state store (tables backfills and backfill_chunks). */
export function createSqliteBackfillStore(
  db: Database.Database,
  guard: <T>(operation: () => T) => T,
): BackfillStore {
  const insert = db.prepare<[string, string, number, string], BackfillRow>(
    "INSERT INTO backfills (flow, plan, total, status, started_at) VALUES (?, ?, ?, 'running', ?) RETURNING *",
  );
  const insertChunk = db.prepare<[number, number, string]>(
    'INSERT INTO backfill_chunks (backfill_seq, idx, ranges) VALUES (?, ?, ?)',
  );
  const running = db.prepare<[string], BackfillRow>(
    "SELECT * FROM backfills WHERE flow = ? AND status = 'running' ORDER BY seq DESC LIMIT 1",
  );
  const listed = db.prepare<[string, number], BackfillRow>(
    'SELECT * FROM backfills WHERE flow = ? ORDER BY seq DESC LIMIT ?',
  );
  const chunksOf = db.prepare<[number], ChunkRow>(
    'SELECT * FROM backfill_chunks WHERE backfill_seq = ? ORDER BY idx',
  );
  const runStatus = db.prepare<[number], { status: string }>('SELECT status FROM runs WHERE seq = ?');
  const done = db.prepare<[number, number, number, number, string, number, number]>(
    `UPDATE backfill_chunks SET is_done = 1, read_count = ?, written_count = ?, dead_lettered_count = ?,
       skipped_count = ?, finished_at = ? WHERE backfill_seq = ? AND idx = ?`,
  );
  const finish = db.prepare<[string, string, number], BackfillRow>(
    "UPDATE backfills SET status = ?, finished_at = ? WHERE seq = ? AND status = 'running' RETURNING *",
  );
  const bySeq = db.prepare<[number], BackfillRow>('SELECT * FROM backfills WHERE seq = ?');

  const create = db.transaction(
    (flow: string, plan: JsonValue, total: number, chunks: readonly JsonValue[], at: string) => {
      const row = insert.get(flow, JSON.stringify(plan), total, at) as BackfillRow;
      for (const [index, ranges] of chunks.entries()) insertChunk.run(row.seq, index, JSON.stringify(ranges));
      return toRecord(row);
    },
  );
  const finishChunk = db.transaction(
    (seq: number, index: number, runId: string, counts: BackfillChunk, at: string) => {
      const runSeq = parseId('run', runId);
      const status = runSeq === undefined ? undefined : runStatus.get(runSeq)?.status;
      if (status !== 'running') {
        throw new IntegrationError(
          `Run ${runId} is ${status ?? 'unknown'}; it cannot finish a backfill chunk`,
          {
            kind: 'fatal',
            code: 'run-not-running',
            stage: 'checkpoint',
            hint: 'Another backfill of the flow started meanwhile; this one must stop.',
          },
        );
      }
      const changes = done.run(
        counts.read,
        counts.written,
        counts.deadLettered,
        counts.skipped,
        at,
        seq,
        index,
      );
      if (changes.changes === 0) throw unknownBackfill(formatId('bf', seq));
    },
  );

  return {
    create: async (backfill, at) =>
      guard(() => create.immediate(backfill.flow, backfill.plan, backfill.total, backfill.chunks, at)),
    findRunning: async (flow) =>
      guard(() => {
        const row = running.get(flow);
        return row === undefined ? undefined : toRecord(row);
      }),
    list: async (flow, limit = 20) => guard(() => listed.all(flow, limit).map(toRecord)),
    chunks: async (backfillId) => guard(() => chunksOf.all(requireSeq(backfillId)).map(toChunk)),
    finishChunk: async (backfillId, index, runId, counts, at) =>
      guard(() =>
        finishChunk.immediate(
          requireSeq(backfillId),
          index,
          runId,
          { ...counts, index, ranges: null, isDone: true },
          at,
        ),
      ),
    finish: async (backfillId, status, at) =>
      guard(() => {
        const seq = requireSeq(backfillId);
        const row = finish.get(status, at, seq) ?? bySeq.get(seq);
        if (row === undefined) throw unknownBackfill(backfillId);
        return toRecord(row);
      }),
  };
}

function requireSeq(backfillId: string): number {
  const seq = parseId('bf', backfillId);
  if (seq === undefined) throw unknownBackfill(backfillId);
  return seq;
}

function unknownBackfill(backfillId: string): IntegrationError {
  return new IntegrationError(`No backfill ${backfillId}`, { kind: 'fatal', code: 'backfill-not-found' });
}

function toRecord(row: BackfillRow): BackfillRecord {
  return {
    id: formatId('bf', row.seq),
    flow: row.flow,
    plan: JSON.parse(row.plan) as JsonValue,
    total: row.total,
    status: row.status as BackfillStatus,
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}

function toChunk(row: ChunkRow): BackfillChunk {
  return {
    index: row.idx,
    ranges: JSON.parse(row.ranges) as JsonValue,
    isDone: row.is_done === 1,
    read: row.read_count,
    written: row.written_count,
    deadLettered: row.dead_lettered_count,
    skipped: row.skipped_count,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
  };
}
