import type Database from 'better-sqlite3';
import { IntegrationError } from '../../core/integration-error.js';
import type { JsonValue } from '../../core/row.js';
import type { CompareRecord, CutoverStore, FlowStage, StageChange } from '../cutover-store.js';
import { formatId, parseId } from './store-ids.js';

interface CompareRow {
  seq: number;
  flow: string;
  baseline: string;
  started_at: string;
  finished_at: string;
  clean: number;
  matched: number;
  differing: number;
  missing: number;
  extra: number;
  rejected: number;
  summary: string;
}

interface StageRow {
  flow: string;
  stage: string;
  from_stage: string | null;
  at: string;
  by: string;
  reason: string;
}

/** The cut-over tables of the embedded store; `guard` turns SQLite failures into IntegrationErrors. */
export function sqliteCutoverStore(db: Database.Database, guard: <T>(operation: () => T) => T): CutoverStore {
  const insertCompare = db.prepare<
    [string, string, string, string, number, number, number, number, number, number, string],
    CompareRow
  >(
    `INSERT INTO compare_runs (flow, baseline, started_at, finished_at, clean, matched, differing, missing,
       extra, rejected, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
  );
  const comparesOf = db.prepare<[string, number], CompareRow>(
    'SELECT * FROM compare_runs WHERE flow = ? ORDER BY seq DESC LIMIT ?',
  );
  const compareBySeq = db.prepare<[number], CompareRow>('SELECT * FROM compare_runs WHERE seq = ?');
  const stagesOf = db.prepare<[string, number], StageRow>(
    'SELECT * FROM flow_stages WHERE flow = ? ORDER BY seq DESC LIMIT ?',
  );
  const insertStage = db.prepare<[string, string, string | null, string, string, string]>(
    'INSERT INTO flow_stages (flow, stage, from_stage, at, by, reason) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const setStage = db.transaction((change: StageChange) => {
    const current = stagesOf.get(change.flow, 1);
    // The stage was read before the caller decided; a move made meanwhile wins, this one is refused.
    if (current !== undefined && current.stage !== change.from) {
      throw new IntegrationError(
        `flow ${change.flow} moved to ${current.stage} (${current.at}, by ${current.by}) while this change was being decided`,
        { kind: 'fatal', code: 'stage-changed', hint: 'look at `syncline stage` history and try again' },
      );
    }
    insertStage.run(change.flow, change.stage, change.from ?? null, change.at, change.by, change.reason);
  });
  return {
    recordCompare: async (record) =>
      guard(() =>
        toCompareRecord(
          insertCompare.get(
            record.flow,
            record.baseline,
            record.startedAt,
            record.finishedAt,
            record.clean ? 1 : 0,
            record.matched,
            record.differing,
            record.missing,
            record.extra,
            record.rejected,
            JSON.stringify(record.summary),
          ) as CompareRow,
        ),
      ),
    listCompares: async (flow, limit) => guard(() => comparesOf.all(flow, limit).map(toCompareRecord)),
    getCompare: async (id) =>
      guard(() => {
        const seq = parseId('cmp', id);
        const row = seq === undefined ? undefined : compareBySeq.get(seq);
        return row === undefined ? undefined : toCompareRecord(row);
      }),
    setStage: async (change) => guard(() => setStage.immediate(change)),
    currentStage: async (flow) =>
      guard(() => {
        const row = stagesOf.get(flow, 1);
        return row === undefined ? undefined : toStageChange(row);
      }),
    stageHistory: async (flow, limit = 100) => guard(() => stagesOf.all(flow, limit).map(toStageChange)),
  };
}

function toCompareRecord(row: CompareRow): CompareRecord {
  return {
    id: formatId('cmp', row.seq),
    flow: row.flow,
    baseline: row.baseline,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    clean: row.clean === 1,
    matched: row.matched,
    differing: row.differing,
    missing: row.missing,
    extra: row.extra,
    rejected: row.rejected,
    summary: JSON.parse(row.summary) as JsonValue,
  };
}

function toStageChange(row: StageRow): StageChange {
  return {
    flow: row.flow,
    stage: row.stage as FlowStage,
    from: (row.from_stage ?? undefined) as FlowStage | undefined,
    at: row.at,
    by: row.by,
    reason: row.reason,
  };
}
