import type { LookupFile, LookupSpec, LookupSystem, LookupTable } from './schema.js';

/** A `lookups:` entry read from a CSV file when the spec is loaded. */
export function isLookupFile(entry: LookupSpec): entry is LookupFile {
  return (
    'file' in entry &&
    typeof entry.file === 'string' &&
    typeof entry.key !== 'undefined' &&
    typeof entry.value === 'string'
  );
}

/** A `lookups:` entry read from another system's table when a run starts. */
export function isLookupSystem(entry: LookupSpec): entry is LookupSystem {
  return (
    'from' in entry &&
    typeof entry.from === 'object' &&
    entry.from !== null &&
    typeof entry.value === 'string'
  );
}

/**
 * The stand-in for a table read from another system when a run starts: empty, and recognised
 * by identity, so steps that check a table's contents at compile time (convert-currency's
 * currencies) leave that check to the run.
 */
export const deferredTable: LookupTable = Object.freeze({});

export function isDeferredTable(table: LookupTable): boolean {
  return table === deferredTable;
}
