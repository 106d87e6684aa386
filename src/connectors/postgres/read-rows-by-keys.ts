import type pg from 'pg';
import type { Row } from '../../core/row.js';
import type { PgRelation } from './describe-relation.js';
import { isJsonType, toPgText } from './postgres-values.js';
import { quoteList } from './quote-identifier.js';

/** Keys per query: one array parameter per key column, so only the row count grows. */
const chunkSize = 1000;

/**
 * The current rows for a list of keys (journal, conflict checks, compare, dry run). Keys are
 * bound as one array per key column, cast to the column's array type, and matched as a row
 * value. Order is not kept; keys with no row are absent.
 */
export async function readRowsByKeys(
  pool: pg.Pool,
  relation: PgRelation,
  keys: readonly Row[],
  key: readonly string[],
): Promise<Row[]> {
  // A key with a NULL part matches no row (NULL = NULL is not true in SQL).
  const usable = keys.filter((row) => key.every((k) => row[k] !== null && row[k] !== undefined));
  if (usable.length === 0) return [];
  const types = key.map((k) => relation.columns.find((c) => c.name === k)?.type ?? 'text');
  const arrays = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `SELECT * FROM ${relation.sql} WHERE (${quoteList(key)}) IN (SELECT * FROM unnest(${arrays}))`;
  const found: Row[] = [];
  for (let start = 0; start < usable.length; start += chunkSize) {
    const chunk = usable.slice(start, start + chunkSize);
    const params = key.map((k, i) => chunk.map((row) => toPgText(row[k], isJsonType(types[i] as string))));
    const result = await pool.query(sql, params);
    found.push(...(result.rows as Row[]));
  }
  return found;
}
