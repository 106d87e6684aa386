import type Database from 'better-sqlite3';
import type { Row } from '../../core/row.js';
import { quoteIdentifier, quoteList } from './quote-identifier.js';
import { fromSqliteRow, toSqliteValue } from './sqlite-values.js';

/** Rows per statement: far below SQLite's bound-parameter limit even for wide composite keys. */
const chunkSize = 500;

/**
 * Reads the current rows for a list of keys, in chunks of one `IN` query each. Order is not
 * kept; keys with no row are simply absent from the result.
 */
export function createKeyReader(db: Database.Database, table: string) {
  const statements = new Map<string, Database.Statement>();

  const statementFor = (key: readonly string[], count: number): Database.Statement => {
    const cacheKey = `${count}\u0000${key.join('\u0001')}`;
    let statement = statements.get(cacheKey);
    if (statement === undefined) {
      const tuple = `(${key.map(() => '?').join(', ')})`;
      const condition =
        key.length === 1
          ? `${quoteIdentifier(key[0] as string)} IN (${Array(count).fill('?').join(', ')})`
          : `(${quoteList(key)}) IN (VALUES ${Array(count).fill(tuple).join(', ')})`;
      statement = db.prepare(`SELECT * FROM ${quoteIdentifier(table)} WHERE ${condition}`).safeIntegers(true);
      // Only a full chunk and the last partial one are ever reused; keep the cache small.
      if (statements.size > 64) statements.clear();
      statements.set(cacheKey, statement);
    }
    return statement;
  };

  return function readByKeys(keys: readonly Row[], key: readonly string[]): Row[] {
    // A key with a NULL part can match no row (NULL = NULL is not true in SQL).
    const usable = keys.filter((row) => key.every((k) => row[k] !== null && row[k] !== undefined));
    const found: Row[] = [];
    for (let start = 0; start < usable.length; start += chunkSize) {
      const chunk = usable.slice(start, start + chunkSize);
      const params = chunk.flatMap((row) => key.map((k) => toSqliteValue(row[k])));
      const rows = statementFor(key, chunk.length).all(...params) as Record<string, unknown>[];
      for (const row of rows) found.push(fromSqliteRow(row));
    }
    return found;
  };
}
