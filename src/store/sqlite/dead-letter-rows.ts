import type { JsonValue } from '../../core/row.js';
import type { Stage } from '../../core/stage.js';
import type { DeadLetter, DeadLetterFilter, DeadLetterStatus } from '../state-store.js';
import { formatId, parseId } from './store-ids.js';

/** A `dead_letters` row as SQLite returns it. */
export interface DeadLetterRow {
  readonly seq: number;
  readonly flow: string;
  readonly run_id: string;
  readonly stage: string;
  readonly code: string;
  readonly message: string;
  readonly field: string | null;
  readonly key: string | null;
  readonly payload: string;
  readonly attempts: number;
  readonly status: string;
  readonly resolution: string | null;
  readonly resolved_by: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: formatId('dl', row.seq),
    flow: row.flow,
    runId: row.run_id,
    stage: row.stage as Stage,
    code: row.code,
    message: row.message,
    ...(row.field === null ? {} : { field: row.field }),
    ...(row.key === null ? {} : { key: JSON.parse(row.key) as JsonValue }),
    payload: JSON.parse(row.payload) as JsonValue,
    attempts: row.attempts,
    status: row.status as DeadLetterStatus,
    ...(row.resolution === null ? {} : { resolution: row.resolution }),
    ...(row.resolved_by === null ? {} : { resolvedBy: row.resolved_by }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** WHERE clause and parameters for a filter; values are always bound, never spliced. */
export function deadLetterWhere(filter: DeadLetterFilter): { sql: string; params: (string | number)[] } {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (condition: string, value: string | number) => {
    conditions.push(condition);
    params.push(value);
  };
  if (filter.flow !== undefined) add('flow = ?', filter.flow);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.code !== undefined) add('code = ?', filter.code);
  if (filter.runId !== undefined) add('run_id = ?', filter.runId);
  if (filter.stage !== undefined) add('stage = ?', filter.stage);
  if (filter.attemptsBelow !== undefined) add('attempts < ?', filter.attemptsBelow);
  if (filter.before !== undefined) add('created_at < ?', filter.before);
  if (filter.after !== undefined) add('seq > ?', parseId('dl', filter.after) ?? Number.MAX_SAFE_INTEGER);
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** Row numbers for ids; ids that are not ours match nothing. */
export function deadLetterSeqs(ids: readonly string[]): number[] {
  return ids.map((id) => parseId('dl', id)).filter((seq): seq is number => seq !== undefined);
}
