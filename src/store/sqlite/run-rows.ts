import type { RunError, RunRecord, RunStatus, RunTrigger } from '../state-store.js';
import { formatId } from './store-ids.js';

/** A `runs` row as SQLite returns it. */
export interface RunRow {
  readonly seq: number;
  readonly flow: string;
  readonly trigger: string;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly read_count: number;
  readonly written_count: number;
  readonly dead_lettered_count: number;
  readonly warning_count: number;
  readonly error: string | null;
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    id: formatId('run', row.seq),
    flow: row.flow,
    trigger: row.trigger as RunTrigger,
    status: row.status as RunStatus,
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    read: row.read_count,
    written: row.written_count,
    deadLettered: row.dead_lettered_count,
    warnings: row.warning_count,
    ...(row.error === null ? {} : { error: JSON.parse(row.error) as RunError }),
  };
}
