import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';

/**
 * Keyset pagination needs a non-null, unique key: a NULL never compares greater than a
 * position, and a duplicate falling on a page boundary would be skipped. Both are cheap to spot
 * in ordered rows (`previous` is the row before the first one), and stopping loudly beats
 * losing rows silently.
 */
export function checkKeys(
  rows: readonly Row[],
  previous: Row | undefined,
  key: readonly string[],
  label: string,
  system: string,
): void {
  let before = previous;
  for (const row of rows) {
    for (const k of key) {
      if (row[k] === null || row[k] === undefined) {
        throw new IntegrationError(`System "${system}", ${label}: key column "${k}" is NULL in a row`, {
          kind: 'config',
          code: 'key-null',
          stage: 'read',
          hint: 'Choose key columns that are never NULL (the primary key, usually).',
        });
      }
    }
    if (before !== undefined && key.every((k) => sameValue(row[k], (before as Row)[k]))) {
      const value = key.map((k) => `${k} = ${formatValue(row[k])}`).join(', ');
      throw new IntegrationError(
        `System "${system}", ${label}: key (${key.join(', ')}) is not unique: ${value} is in more than one row`,
        {
          kind: 'config',
          code: 'key-not-unique',
          stage: 'read',
          hint: 'Paging by a key that repeats would skip rows. Name column(s) in `key:` that identify a row uniquely (the primary key, usually).',
        },
      );
    }
    before = row;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (value instanceof Uint8Array) return `'\\x${Buffer.from(value).toString('hex')}'`;
  return String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return a === b;
}
