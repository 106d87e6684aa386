import type { PgColumn } from './describe-relation.js';
import { quoteIdentifier as q, quoteList } from './quote-identifier.js';

/**
 * The SELECT of one keyset page (or of a streamed read): rows strictly after a position in
 * `order`, compared as a row value — `("updated_at", "id") > ($1::timestamptz, $2::int4)` — which
 * a btree index on those columns answers directly, so page 10,000 costs what page 1 does.
 * Positions are bound as text and cast to the columns' own types (0005). `conditions` are the
 * user's `where:` and the cursor phase filter, already SQL. With `limit`, the last parameter
 * is the row limit. `position` may instead be the position's values as SQL literals, for a
 * statement that takes no parameters (COPY). `select` is the select list (default `*`).
 */
export function keysetSql(
  relation: string,
  order: readonly PgColumn[],
  conditions: readonly string[],
  position: boolean | readonly string[],
  hasLimit: boolean,
  select = '*',
): string {
  const names = order.map((c) => c.name);
  const all = conditions.map((c) => `(${c})`);
  const hasPosition = position !== false;
  if (hasPosition) {
    const marks = order.map((c, i) =>
      position === true ? `$${i + 1}::${c.type}` : `${position[i] ?? 'NULL'}::${c.type}`,
    );
    all.unshift(`(${quoteList(names)}) > (${marks.join(', ')})`);
  }
  const where = all.length > 0 ? ` WHERE ${all.join(' AND ')}` : '';
  const limit = hasLimit ? ` LIMIT $${hasPosition ? order.length + 1 : 1}` : '';
  return `SELECT ${select} FROM ${relation}${where} ORDER BY ${names.map(q).join(', ')}${limit}`;
}
