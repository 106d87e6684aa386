import { type ColumnRange, type RangeBounds, rangeConditions } from '../../core/column-range.js';
import type { Batch, Row } from '../../core/row.js';
import { checkKeys } from './check-keys.js';
import { type PgRelation, requireColumns } from './describe-relation.js';
import type { PostgresPool } from './open-postgres-pool.js';
import { positionAfter, type ReadIdentity } from './postgres-checkpoint.js';
import { isJsonType, toPgText } from './postgres-values.js';
import { quoteIdentifier, quoteList } from './quote-identifier.js';

export interface RangeScope {
  readonly connection: PostgresPool;
  readonly relation: PgRelation;
  readonly system: string;
  readonly key: readonly string[];
  /** The user's `where:`, already SQL. */
  readonly conditions: readonly string[];
  readonly identity: ReadIdentity;
  readonly batchSize: number;
}

/**
 * Backfill reads of a PostgreSQL source: the rows of one chunk in keyset pages by key, each
 * page one short bounded query (`range AND (key) > (position) ORDER BY key LIMIT n`). Range
 * values and positions are bound as text and cast to the column's type, as positions are (0005).
 */
export async function* readRange(
  scope: RangeScope,
  ranges: readonly ColumnRange[],
  signal: AbortSignal,
): AsyncIterable<Batch> {
  const { connection, relation, system, key, batchSize } = scope;
  const narrowed = narrow(scope, ranges);
  const keyTypes = key.map((k) => typeOf(relation, k));
  const byKey: ReadIdentity = { ...scope.identity, cursorColumn: null };
  let after: readonly unknown[] | undefined;
  let previous: Row | undefined;
  while (true) {
    if (signal.aborted) throw signal.reason;
    const base = narrowed.params.length;
    const seek =
      after === undefined
        ? []
        : [`(${quoteList(key)}) > (${keyTypes.map((type, i) => `$${base + i + 1}::${type}`).join(', ')})`];
    const params = [
      ...narrowed.params,
      ...(after === undefined ? [] : after.map((value, i) => toPgText(value, isJsonType(keyTypes[i] ?? '')))),
    ];
    const where = [...narrowed.conditions, ...seek, ...scope.conditions].map((c) => `(${c})`).join(' AND ');
    const sql = `SELECT * FROM ${relation.sql}${where ? ` WHERE ${where}` : ''} ORDER BY ${quoteList(key)} LIMIT $${params.length + 1}`;
    let fetched: Row[];
    try {
      fetched = (await connection.pool.query(sql, [...params, batchSize + 1])).rows as Row[];
    } catch (error) {
      throw connection.failure(error, `reading ${relation.label} for a backfill`, 'read');
    }
    checkKeys(fetched, previous, key, relation.label, system);
    const rows = fetched.length <= batchSize ? fetched : fetched.slice(0, batchSize);
    const last = rows[rows.length - 1];
    if (last !== undefined) {
      previous = last;
      after = key.map((k) => last[k]);
      yield { rows, checkpoint: positionAfter(byKey, 'main', after, undefined)[1] };
    }
    if (fetched.length <= batchSize) return;
  }
}

/** MIN, MAX and COUNT of `column` among the rows inside `ranges`, for planning chunks. */
export async function rangeBounds(
  scope: RangeScope,
  column: string,
  ranges: readonly ColumnRange[],
): Promise<RangeBounds> {
  const { connection, relation, system } = scope;
  requireColumns(relation, system, [column], 'backfill column', 'read');
  const narrowed = narrow(scope, ranges);
  const c = quoteIdentifier(column);
  const where = [...narrowed.conditions, ...scope.conditions].map((x) => `(${x})`).join(' AND ');
  // MIN and MAX as text keep bigint and timestamp precision exactly; count fits a double.
  const sql = `SELECT MIN(${c})::text AS min, MAX(${c})::text AS max, COUNT(${c})::float8 AS count FROM ${relation.sql}${where ? ` WHERE ${where}` : ''}`;
  try {
    const row = (await connection.pool.query(sql, [...narrowed.params])).rows[0] as
      | { min: string | null; max: string | null; count: number }
      | undefined;
    return { min: row?.min ?? null, max: row?.max ?? null, count: Number(row?.count ?? 0) };
  } catch (error) {
    throw connection.failure(error, `measuring ${relation.label} for a backfill`, 'read');
  }
}

function narrow(scope: RangeScope, ranges: readonly ColumnRange[]) {
  const { relation, system } = scope;
  for (const range of ranges) requireColumns(relation, system, [range.column], 'backfill column', 'read');
  const narrowed = rangeConditions(
    ranges,
    quoteIdentifier,
    (index, _value, column) => `$${index}::${typeOf(relation, column)}`,
  );
  return {
    conditions: narrowed.conditions,
    params: narrowed.params.map((value) => toPgText(value)),
  };
}

function typeOf(relation: PgRelation, column: string): string {
  return relation.columns.find((c) => c.name === column)?.type ?? 'text';
}
