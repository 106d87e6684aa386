import type pg from 'pg';
import type { Row } from '../../core/row.js';
import { copyRowsOf } from './copy-lines.js';
import type { PgRelation } from './describe-relation.js';
import type { PostgresPool } from './open-postgres-pool.js';
import { isJsonType, toPgText } from './postgres-values.js';
import { quoteIdentifier as q } from './quote-identifier.js';
import { stageByCopy } from './stage-rows.js';

/** A dead connection reports through its query; this only keeps a late socket error from crashing the process. */
const ignore = () => {};

/**
 * Mode mirror: the keys of the table's rows that are not among `seen`. The seen keys are
 * COPYed into a temporary table (gone at commit), and one anti-join finds the rest, comparing
 * in the key columns' own types, so `5`, `5.0` and `'5'` meet as the server compares them.
 * Rows with a NULL key part are never returned: they cannot be matched, so never deleted.
 */
export async function findMissingKeys(
  connection: PostgresPool,
  relation: PgRelation,
  seen: readonly Row[],
  key: readonly string[],
): Promise<Row[]> {
  const types = key.map((column) => relation.columns.find((c) => c.name === column)?.type ?? 'text');
  const texts = seen.map((row) => key.map((column, i) => toPgText(row[column], isJsonType(types[i] ?? ''))));
  const match = key.map((column, i) => `t.${q(column)} = s.c${i}::${types[i]}`).join(' AND ');
  const present = key.map((column) => `t.${q(column)} IS NOT NULL`).join(' AND ');
  let client: pg.PoolClient;
  try {
    client = await connection.pool.connect();
  } catch (error) {
    throw connection.failure(
      error,
      `listing the rows of ${relation.label} the source no longer has`,
      'write',
    );
  }
  client.on('error', ignore);
  try {
    await client.query('BEGIN');
    const staged = (await stageByCopy(client, copyRowsOf(texts, key.length))).slice(0, texts.length);
    const result = await client.query(
      `SELECT ${key.map((column) => `t.${q(column)}`).join(', ')} FROM ${relation.sql} AS t
       WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${staged.sql} WHERE ${match})`,
      [...staged.params],
    );
    await client.query('COMMIT');
    return result.rows as Row[];
  } catch (error) {
    await client.query('ROLLBACK').catch(ignore);
    throw connection.failure(
      error,
      `listing the rows of ${relation.label} the source no longer has`,
      'write',
    );
  } finally {
    client.release();
  }
}
