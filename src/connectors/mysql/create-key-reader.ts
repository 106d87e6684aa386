import { IntegrationError } from '../../core/integration-error.js';
import { isIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import type { MysqlTableInfo } from './describe-mysql-table.js';
import { toMysqlError } from './mysql-error.js';
import type { MysqlPool } from './open-mysql-pool.js';
import { sqlLiteral } from './sql-literal.js';
import { toMysqlValue } from './to-mysql-value.js';
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
    const literalRows = usable.map((row) =>
      key.map((k) => {
        const value = toMysqlValue(row[k], info.column.get(k) ?? { name: k, dataType: '', isJson: false });
        if (isIssue(value)) {
          throw new IntegrationError(`Table "${info.name}": cannot look up key ${k}: ${value.message}`, {
            kind: 'fatal',
            code: 'key-invalid',
            stage: 'read',
          });
        }
        return sqlLiteral(value);
      }),
    );
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
