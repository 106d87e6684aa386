import { quoteIdentifier, quoteList } from './quote-identifier.js';

/** The two SELECTs of keyset pagination over `order`: the first page, and the page after a position. */
export interface KeysetQuery {
  readonly first: string;
  /** Takes the position's values (one per `order` column), then the limit. */
  readonly after: string;
}

/**
 * Pages through a table ordered by `order` without OFFSET: each page starts strictly after
 * the last row of the previous one (`(a, b) > (?, ?)`, an SQLite row value), so a page costs
 * the same at row 10M as at row 0, and rows inserted meanwhile cannot shift a page.
 * `conditions` are the user's `where:` and phase filters, already SQL.
 */
export function keysetQuery(
  table: string,
  order: readonly string[],
  conditions: readonly string[],
): KeysetQuery {
  const from = `SELECT * FROM ${quoteIdentifier(table)}`;
  const orderBy = `ORDER BY ${quoteList(order)} LIMIT ?`;
  const position = `(${quoteList(order)}) > (${order.map(() => '?').join(', ')})`;
  const where = (extra: readonly string[]) => {
    const all = [...extra, ...conditions.map((c) => `(${c})`)];
    return all.length > 0 ? ` WHERE ${all.join(' AND ')}` : '';
  };
  return { first: `${from}${where([])} ${orderBy}`, after: `${from}${where([position])} ${orderBy}` };
}
