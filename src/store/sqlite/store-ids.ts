export type IdPrefix = 'run' | 'dl' | 'cmp' | 'bf';

/**
 * Run, dead-letter and backfill ids are the row's autoincrement number behind a prefix, zero-padded to
 * six digits: `run-000042`, `dl-000123`. They read well in a terminal and sort by age as
 * strings up to 999999; after that they grow a digit (still unique; sort by the number).
 */
export function formatId(prefix: IdPrefix, seq: number | bigint): string {
  return `${prefix}-${String(seq).padStart(6, '0')}`;
}

/** The row number behind an id, or undefined when the id is not one of ours. */
export function parseId(prefix: IdPrefix, id: string): number | undefined {
  const match = new RegExp(`^${prefix}-(\\d+)$`).exec(id);
  if (match === null) return undefined;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) ? seq : undefined;
}
