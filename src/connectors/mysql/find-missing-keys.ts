import type { Row } from '../../core/row.js';
import type { MysqlTableInfo } from './describe-mysql-table.js';
import { keyLiterals } from './key-literals.js';
import { toMysqlError } from './mysql-error.js';
import type { MysqlPool } from './open-mysql-pool.js';
import { quoteIdentifier as q, quoteList } from './quote-identifier.js';

/** Keys per multi-row INSERT into the temporary table. */
const chunkSize = 1000;

let tableCount = 0;

/**
 * Mode mirror: the keys of the table's rows that are not among `seen`. The seen keys go into a
 * temporary table created from the key columns themselves (same types and collation, so they
 * compare as the table's values do), and one anti-join finds the rest. Rows with a NULL key
 * part are never returned: they cannot be matched, so never deleted.
 */
export async function findMissingKeys(
  pool: MysqlPool,
  info: MysqlTableInfo,
  seen: readonly Row[],
  key: readonly string[],
): Promise<Row[]> {
  const literalRows = keyLiterals(info, seen, key, 'write');
  const temp = q(`syncline_seen_${++tableCount}`);
  const table = q(info.name);
  const connection = await pool.acquire('write');
  let failure: unknown;
  try {
    await connection.query(
      `CREATE TEMPORARY TABLE ${temp} AS SELECT ${quoteList(key)} FROM ${table} WHERE 1 = 0`,
    );
    for (let start = 0; start < literalRows.length; start += chunkSize) {
      const values = literalRows
        .slice(start, start + chunkSize)
        .map((literals) => `(${literals.join(', ')})`);
      await connection.query(`INSERT INTO ${temp} (${quoteList(key)}) VALUES ${values.join(', ')}`);
    }
    const present = key.map((k) => `t.${q(k)} IS NOT NULL`).join(' AND ');
    const match = key.map((k) => `s.${q(k)} = t.${q(k)}`).join(' AND ');
    const [rows] = await connection.query(
      `SELECT ${key.map((k) => `t.${q(k)}`).join(', ')} FROM ${table} AS t
       WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${temp} AS s WHERE ${match})`,
    );
    return rows as Row[];
  } catch (error) {
    failure = error;
    throw toMysqlError(
      error,
      'listing the rows the source no longer has failed',
      'write',
      pool.place(info.name),
    );
  } finally {
    await connection.query(`DROP TEMPORARY TABLE IF EXISTS ${temp}`).catch(() => undefined);
    pool.release(connection, failure);
  }
}
