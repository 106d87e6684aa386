import type { Row } from '../core/row.js';

/**
 * A record's key as one comparable string. Drivers may hand back a number where the mapping
 * produced a bigint or numeric text, so numbers are compared by their text.
 */
export function keyText(row: Row, key: readonly string[]): string {
  return JSON.stringify(key.map((column) => normalise(row[column])));
}

function normalise(value: unknown): unknown {
  return typeof value === 'bigint' || typeof value === 'number' ? String(value) : (value ?? null);
}
