import type Database from 'better-sqlite3';
import { type ColumnRange, type RangeBounds, rangeConditions } from '../../core/column-range.js';
import type { TableInfo } from './describe-table.js';
import { keysetQuery } from './keyset-query.js';
import { quoteIdentifier } from './quote-identifier.js';
import { fromSqliteRow, toSqliteValue } from './sqlite-values.js';

export interface RangeQueries {
  /** Keyset pages over the rows inside `ranges`, by key; params follow any position values. */
  page(ranges: readonly ColumnRange[]): {
    readonly statements: { readonly first: Database.Statement; readonly after: Database.Statement };
    readonly params: readonly unknown[];
  };
  bounds(column: string, ranges: readonly ColumnRange[]): RangeBounds;
}

/**
 * The backfill queries of a SQLite source: the same keyset pages as a full read, narrowed by
 * the chunk's ranges (bound parameters), and MIN/MAX/COUNT of a column for planning chunks.
 * Statements are prepared once per shape, since every chunk has the same one.
 */
export function rangeQueries(
  info: TableInfo,
  key: readonly string[],
  conditions: readonly string[],
  prepare: (sql: string) => Database.Statement,
  requireColumn: (column: string) => void,
): RangeQueries {
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const narrow = (ranges: readonly ColumnRange[]) => {
    for (const range of ranges) requireColumn(range.column);
    return rangeConditions(ranges, quoteIdentifier);
  };
  return {
    page(ranges) {
      const narrowed = narrow(ranges);
      const query = keysetQuery(info.name, key, [...narrowed.conditions, ...conditions]);
      return {
        statements: { first: prepared(query.first), after: prepared(query.after) },
        params: narrowed.params,
      };
    },
    bounds(column, ranges) {
      requireColumn(column);
      const narrowed = narrow(ranges);
      const c = quoteIdentifier(column);
      const where = [...narrowed.conditions, ...conditions].map((condition) => `(${condition})`);
      const sql = `SELECT MIN(${c}) AS min, MAX(${c}) AS max, COUNT(${c}) AS count FROM ${quoteIdentifier(info.name)}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
      const row = fromSqliteRow(
        prepared(sql).get(...narrowed.params.map(toSqliteValue)) as Record<string, unknown>,
      );
      return { min: row.min, max: row.max, count: Number(row.count) };
    },
  };
}
