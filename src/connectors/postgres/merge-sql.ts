import type { WriteMode } from '../../core/connector.js';
import type { PgColumn } from './describe-relation.js';
import { quoteIdentifier as q, quoteList } from './quote-identifier.js';

/** The name of the row-order column a staged relation carries beside the row's columns. */
export const ordColumn = 'syncline ord';

/**
 * One set-based statement writing a whole group of same-shaped rows from a staged relation
 * (`stage`: rows as text columns c0, c1, … plus the ord column, from unnest() or a temporary
 * table). Values are cast to the column types here, in SQL, so a bad value fails this
 * statement with SQLSTATE 22xxx and can be traced to its row. `update` returns the ord of
 * each row it found; rows not returned had no match.
 */
export function mergeSql(
  table: string,
  mode: Exclude<WriteMode, 'mirror'>,
  key: readonly string[],
  columns: readonly PgColumn[],
  stage: string,
): string {
  const casts = columns.map((c, i) => `s.c${i}::${c.type} AS ${q(c.name)}`);
  const source = `(SELECT s.${q(ordColumn)}, ${casts.join(', ')} FROM ${stage}) AS x`;
  const names = columns.map((c) => c.name);
  const others = names.filter((n) => !key.includes(n));
  const match = key.map((k) => `t.${q(k)} = x.${q(k)}`).join(' AND ');
  const selected = names.map((n) => `x.${q(n)}`).join(', ');
  switch (mode) {
    case 'insert':
      return `INSERT INTO ${table} (${quoteList(names)}) SELECT ${selected} FROM ${source}`;
    case 'upsert': {
      const action =
        others.length === 0
          ? 'DO NOTHING'
          : `DO UPDATE SET ${others.map((n) => `${q(n)} = EXCLUDED.${q(n)}`).join(', ')}`;
      return `INSERT INTO ${table} AS t (${quoteList(names)}) SELECT ${selected} FROM ${source} ON CONFLICT (${quoteList(key)}) ${action}`;
    }
    case 'update': {
      // With nothing but the key to set, `k = t.k` still reports which rows exist.
      const first = q(key[0] as string);
      const assignments =
        others.length > 0 ? others.map((n) => `${q(n)} = x.${q(n)}`).join(', ') : `${first} = t.${first}`;
      return `UPDATE ${table} AS t SET ${assignments} FROM ${source} WHERE ${match} RETURNING x.${q(ordColumn)} AS ord`;
    }
    case 'delete':
      return `DELETE FROM ${table} AS t USING ${source} WHERE ${match}`;
  }
}
