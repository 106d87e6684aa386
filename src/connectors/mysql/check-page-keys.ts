import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';

/**
 * Keyset pagination needs a non-null, unique key: a NULL never compares greater than a
 * position, and a duplicate falling on a page boundary would be skipped. Both are cheap to
 * spot in a sorted page (fetched with one row beyond the batch, so the boundary is inside it),
 * and stopping loudly beats losing rows silently.
 */
export function checkPageKeys(
  rows: readonly Row[],
  key: readonly string[],
  table: string,
  system: string,
): void {
  let previous: Row | undefined;
  for (const row of rows) {
    const missing = key.find((k) => row[k] === null || row[k] === undefined);
    if (missing !== undefined) {
      throw new IntegrationError(
        `System "${system}", table "${table}": key column "${missing}" is NULL in a row`,
        {
          kind: 'config',
          code: 'key-null',
          stage: 'read',
          hint: 'Choose key columns that are never NULL (the primary key, usually).',
        },
      );
    }
    if (previous !== undefined && key.every((k) => sameValue(row[k], (previous as Row)[k]))) {
      const value = key.map((k) => `${k} = ${formatValue(row[k])}`).join(', ');
      throw new IntegrationError(
        `System "${system}", table "${table}": key (${key.join(', ')}) is not unique: ${value} is in more than one row`,
        {
          kind: 'config',
          code: 'key-not-unique',
          stage: 'read',
          hint: 'Paging by a key that repeats would skip rows. Name column(s) in `key:` that identify a row uniquely (the primary key, usually); note that text compares by the column collation, where "a" may equal "A" and "a ".',
        },
      );
    }
    previous = row;
  }
}

/** A key value as SQL would spell it: 'text', 42, x'00ff'. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  return String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return a === b;
}
