/**
 * A bounded slice of a SQL source, for backfills: rows whose `column` lies in [from, to)
 * (or [from, to] when `includesTo`), each bound optional (undefined or null: no bound). Values are in the column's own
 * terms (a number, a bigint, a date as text) and are always bound as parameters, never
 * spliced into SQL.
 */
export interface ColumnRange {
  readonly column: string;
  readonly from?: unknown;
  readonly to?: unknown;
  readonly includesTo?: boolean;
}

/** The smallest and largest value of a column among rows in some ranges, and how many rows. */
export interface RangeBounds {
  readonly min: unknown;
  readonly max: unknown;
  readonly count: number;
}

/** The SQL conditions of some ranges with `?`-style placeholders, and their values in order. */
export function rangeConditions(
  ranges: readonly ColumnRange[],
  quote: (column: string) => string,
  /** The placeholder (or literal) of the `index`-th value (from 1), which is `value` in `column`. */
  mark: (index: number, value: unknown, column: string) => string = () => '?',
): { readonly conditions: readonly string[]; readonly params: readonly unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  for (const range of ranges) {
    const column = quote(range.column);
    if (range.from !== undefined && range.from !== null) {
      params.push(range.from);
      conditions.push(`${column} >= ${mark(params.length, range.from, range.column)}`);
    }
    if (range.to !== undefined && range.to !== null) {
      params.push(range.to);
      conditions.push(
        `${column} ${range.includesTo ? '<=' : '<'} ${mark(params.length, range.to, range.column)}`,
      );
    }
  }
  return { conditions, params };
}
