import type Database from 'better-sqlite3';
import type { Row } from '../../core/row.js';
import { quoteIdentifier as q, quoteList } from './quote-identifier.js';
import { fromSqliteRow, toSqliteValue } from './sqlite-values.js';

let tableCount = 0;

/**
 * Mode mirror: the keys of the table's rows that are not among `seen`. The seen keys go into a
 * temporary table created from the key columns themselves (so they get the columns' affinity
 * and compare as the table's values do), and one anti-join finds the rest. Rows with a NULL key
 * part are never returned: they cannot be matched, so never deleted.
 */
export function findMissingKeys(
  db: Database.Database,
  table: string,
  seen: readonly Row[],
  key: readonly string[],
): Row[] {
  const temp = `temp.${q(`syncline_seen_${++tableCount}`)}`;
  db.exec(`CREATE TEMP TABLE ${temp} AS SELECT ${quoteList(key)} FROM main.${q(table)} WHERE 0`);
  try {
    const insert = db.prepare(`INSERT INTO ${temp} VALUES (${key.map(() => '?').join(', ')})`);
    db.transaction(() => {
      for (const row of seen) insert.run(...key.map((column) => toSqliteValue(row[column])));
    })();
    const present = key.map((column) => `t.${q(column)} IS NOT NULL`).join(' AND ');
    const match = key.map((column) => `s.${q(column)} = t.${q(column)}`).join(' AND ');
    const rows = db
      .prepare(
        `SELECT ${key.map((column) => `t.${q(column)}`).join(', ')} FROM main.${q(table)} AS t
         WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${temp} AS s WHERE ${match})`,
      )
      .all() as Record<string, unknown>[];
    return rows.map(fromSqliteRow);
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${temp}`);
  }
}
