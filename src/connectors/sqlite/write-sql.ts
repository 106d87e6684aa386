import type { WriteMode } from '../../core/connector.js';
import { quoteIdentifier as q, quoteList } from './quote-identifier.js';

/** One write statement and the order in which a row's values bind to it. */
export interface WriteSql {
  readonly sql: string;
  readonly params: readonly string[];
}

/**
 * The statement for one row of a given shape. Upsert uses ON CONFLICT(key) DO UPDATE, which
 * SQLite only accepts when a unique index or the primary key covers exactly the key columns.
 */
export function writeSql(
  table: string,
  mode: Exclude<WriteMode, 'mirror'>,
  key: readonly string[],
  columns: readonly string[],
): WriteSql {
  const target = q(table);
  const keyMatch = key.map((k) => `${q(k)} = ?`).join(' AND ');
  const others = columns.filter((c) => !key.includes(c));
  switch (mode) {
    case 'insert':
      return {
        sql: `INSERT INTO ${target} (${quoteList(columns)}) VALUES (${marks(columns)})`,
        params: columns,
      };
    case 'upsert': {
      const action =
        others.length === 0
          ? 'DO NOTHING'
          : `DO UPDATE SET ${others.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
      return {
        sql: `INSERT INTO ${target} (${quoteList(columns)}) VALUES (${marks(columns)}) ON CONFLICT (${quoteList(key)}) ${action}`,
        params: columns,
      };
    }
    case 'update': {
      // With nothing but the key to set, `k = k` still reports whether the row exists.
      const first = q(key[0] as string);
      const assignments =
        others.length > 0 ? others.map((c) => `${q(c)} = ?`).join(', ') : `${first} = ${first}`;
      return { sql: `UPDATE ${target} SET ${assignments} WHERE ${keyMatch}`, params: [...others, ...key] };
    }
    case 'delete':
      return { sql: `DELETE FROM ${target} WHERE ${keyMatch}`, params: key };
  }
}

function marks(columns: readonly string[]): string {
  return columns.map(() => '?').join(', ');
}
