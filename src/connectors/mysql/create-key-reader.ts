import type { Row } from '../../core/row.js';
import type { MysqlTableInfo } from './describe-mysql-table.js';
import { keyLiterals } from './key-literals.js';
import { toMysqlError } from './mysql-error.js';
import type { MysqlPool } from './open-mysql-pool.js';
import { selectByKeysSql } from './write-statements.js';

/** Keys per statement: one `IN` list each. */
const chunkSize = 500;

/**
 * Reads the current rows for a list of keys, in the 0005 convention. Order is not kept; keys
 * with no row are simply absent from the result.
 */
export function createKeyReader(pool: MysqlPool, info: MysqlTableInfo) {
  return async function readByKeys(keys: readonly Row[], key: readonly string[]): Promise<Row[]> {
    // A key with a NULL part can match no row (NULL = NULL is not true in SQL).
    const usable = keys.filter((row) => key.every((k) => row[k] !== null && row[k] !== undefined));
    if (usable.length === 0) return [];
    const literalRows = keyLiterals(info, usable, key, 'read');
    const connection = await pool.acquire('read');
    let failure: unknown;
    try {
      const found: Row[] = [];
      for (let start = 0; start < literalRows.length; start += chunkSize) {
        const sql = selectByKeysSql(info.name, key, literalRows.slice(start, start + chunkSize));
        const [rows] = await connection.query(sql);
        found.push(...(rows as Row[]));
      }
      return found;
    } catch (error) {
      failure = error;
      throw toMysqlError(error, 'reading rows by key failed', 'read', pool.place(info.name));
    } finally {
      pool.release(connection, failure);
    }
  };
}
