import { decodePayload, encodePayload } from '../core/encode-payload.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Checkpoint } from '../core/row.js';

/**
 * The checkpoint of a SQL source read in keyset pages (sqlite, mysql): the position after the last row read, plus what that
 * position points into (table, key columns, cursor column). A position read by one key says
 * nothing about another key or table, so a checkpoint taken under other `from:` options is
 * refused rather than silently skipping rows or reading them twice.
 *
 * Shape: `{table, keyColumns, cursorColumn, key, cursor?}` — `key` and `cursor` are the values
 * of the last row (`cursor` only when reading by a cursor column), tagged for bigint and blobs.
 * `cursor` keeps its meaning from checkpoints written before the identity was recorded, so
 * those (`{key}` or `{cursor, key}`) are still accepted as they are.
 */

export interface ReadIdentity {
  /** The table's name as the schema spells it. */
  readonly table: string;
  readonly keyColumns: readonly string[];
  readonly cursorColumn: string | null;
}

/** Where a read stands: the NULL-cursor rows first (SQLite and MySQL sort NULL lowest), then the rest. */
export interface Position {
  readonly phase: 'null-cursor' | 'main';
  /** The ORDER BY values of the last row read: `[cursor, ...key]` in the main phase of a cursor read. */
  readonly after: readonly unknown[] | undefined;
}

export function startPosition(identity: ReadIdentity): Position {
  return { phase: identity.cursorColumn === null ? 'main' : 'null-cursor', after: undefined };
}

/** The position after a row with these values, and the same as a JSON checkpoint. */
export function positionAfter(
  identity: ReadIdentity,
  phase: Position['phase'],
  keyValues: readonly unknown[],
  cursorValue: unknown,
): [Position, Checkpoint] {
  const { table, keyColumns, cursorColumn } = identity;
  const base = { table, keyColumns, cursorColumn };
  if (cursorColumn === null) {
    return [{ phase, after: keyValues }, encodePayload({ ...base, key: keyValues })];
  }
  const cursor = phase === 'main' ? cursorValue : null;
  const after = phase === 'main' ? [cursor, ...keyValues] : keyValues;
  return [{ phase, after }, encodePayload({ ...base, cursor, key: keyValues })];
}

export function decodePosition(
  from: Checkpoint | undefined,
  identity: ReadIdentity,
  system: string,
  /** How the database compares table names (SQLite: case-insensitively). */
  sameTable: (saved: string, current: string) => boolean = (saved, current) => saved === current,
): Position {
  if (from === undefined || from === null) return startPosition(identity);
  const decoded = decodePayload(from);
  if ('table' in decoded) checkIdentity(decoded, identity, system, sameTable);
  const isIncremental = identity.cursorColumn !== null;
  const key = decoded.key;
  const fits =
    Array.isArray(key) &&
    key.length === identity.keyColumns.length &&
    (!isIncremental || 'cursor' in decoded);
  if (!fits) {
    throw mismatch(`System "${system}": the saved checkpoint does not match the flow's key or cursor`);
  }
  if (!isIncremental) return { phase: 'main', after: key };
  return decoded.cursor === null
    ? { phase: 'null-cursor', after: key }
    : { phase: 'main', after: [decoded.cursor, ...key] };
}

function checkIdentity(
  saved: Readonly<Record<string, unknown>>,
  current: ReadIdentity,
  system: string,
  sameTable: (saved: string, current: string) => boolean,
): void {
  const old = {
    table: typeof saved.table === 'string' ? saved.table : String(saved.table),
    keyColumns: Array.isArray(saved.keyColumns) ? saved.keyColumns.map(String) : [],
    cursorColumn: typeof saved.cursorColumn === 'string' ? saved.cursorColumn : null,
  };
  const isSame =
    sameTable(old.table, current.table) &&
    old.keyColumns.join('\u0000') === current.keyColumns.join('\u0000') &&
    old.cursorColumn === current.cursorColumn;
  if (isSame) return;
  throw mismatch(
    `System "${system}": the saved checkpoint was taken reading ${describeRead(old)}; the flow now reads ${describeRead(current)}`,
  );
}

function describeRead(identity: ReadIdentity): string {
  const cursor = identity.cursorColumn === null ? 'no cursor' : `cursor ${identity.cursorColumn}`;
  return `table "${identity.table}" by key (${identity.keyColumns.join(', ')}), ${cursor}`;
}

function mismatch(message: string): IntegrationError {
  return new IntegrationError(message, {
    kind: 'config',
    code: 'checkpoint-mismatch',
    stage: 'read',
    hint: 'The from: block changed since the checkpoint was saved, so its position means nothing now. If the change is intended, run `syncline reset FLOW` to read from the start.',
  });
}
