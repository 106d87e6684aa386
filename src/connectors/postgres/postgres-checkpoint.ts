import { decodePayload, encodeValue } from '../../core/encode-payload.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Checkpoint, JsonValue } from '../../core/row.js';

/**
 * The postgres source's checkpoint: the position after the last row read, and what it is a
 * position in. Shape (plain JSON):
 *
 *   {relation: 'table public.customer' | 'query sha256:3f2a…', keyColumns: ['id'],
 *    cursorColumn: 'updated_at' | null, cursor?: '2025-01-02T03:04:05.123456Z' | null, key: [42]}
 *
 * `key` and `cursor` are the last row's values in the lossless tagged form of encodeValue:
 * timestamps and decimals are the strings the source produced, an int8 past 2^53 is
 * `{"$bigint": "…"}`, bytes `{"$base64": "…"}`. A checkpoint taken reading something else
 * (another table, key or cursor, a changed query) is refused rather than misread.
 */

export interface ReadIdentity {
  /** `table schema.name` or `query sha256:<first 16 hex digits of the query's hash>`. */
  readonly relation: string;
  readonly keyColumns: readonly string[];
  readonly cursorColumn: string | null;
}

/** Rows whose cursor is NULL come first (ordered by key alone), then the rest by (cursor, key). */
export interface Position {
  readonly phase: 'null-cursor' | 'main';
  /** ORDER BY values of the last row read: `[cursor, ...key]` in the main phase of a cursor read. */
  readonly after: readonly unknown[] | undefined;
}

export function startPosition(identity: ReadIdentity): Position {
  return { phase: identity.cursorColumn === null ? 'main' : 'null-cursor', after: undefined };
}

export function positionAfter(
  identity: ReadIdentity,
  phase: Position['phase'],
  keyValues: readonly unknown[],
  cursorValue: unknown,
): [Position, Checkpoint] {
  const base = {
    relation: identity.relation,
    keyColumns: [...identity.keyColumns],
    cursorColumn: identity.cursorColumn,
  };
  const key = keyValues.map(encodeValue);
  if (identity.cursorColumn === null)
    return [
      { phase, after: keyValues },
      { ...base, key },
    ];
  const cursor = phase === 'main' ? cursorValue : null;
  const after = phase === 'main' ? [cursor, ...keyValues] : keyValues;
  return [
    { phase, after },
    { ...base, cursor: encodeValue(cursor), key },
  ];
}

export function decodePosition(
  from: Checkpoint | undefined,
  identity: ReadIdentity,
  system: string,
): Position {
  if (from === undefined || from === null) return startPosition(identity);
  if (typeof from !== 'object' || Array.isArray(from))
    throw mismatch(`System "${system}": the saved checkpoint is not a postgres position`);
  const saved = from as { readonly [key: string]: JsonValue };
  const old = {
    relation: String(saved.relation),
    keyColumns: Array.isArray(saved.keyColumns) ? saved.keyColumns.map(String) : [],
    cursorColumn: typeof saved.cursorColumn === 'string' ? saved.cursorColumn : null,
  };
  const isSame =
    old.relation === identity.relation &&
    old.keyColumns.join('\u0000') === identity.keyColumns.join('\u0000') &&
    old.cursorColumn === identity.cursorColumn;
  if (!isSame) {
    throw mismatch(
      `System "${system}": the saved checkpoint was taken reading ${describe(old)}; the flow now reads ${describe(identity)}`,
    );
  }
  const decoded = decodePayload({ key: saved.key ?? null, cursor: saved.cursor ?? null });
  const key = decoded.key;
  if (!Array.isArray(key) || key.length !== identity.keyColumns.length) {
    throw mismatch(`System "${system}": the saved checkpoint does not match the flow's key`);
  }
  if (identity.cursorColumn === null) return { phase: 'main', after: key };
  return decoded.cursor === null
    ? { phase: 'null-cursor', after: key }
    : { phase: 'main', after: [decoded.cursor, ...key] };
}

function describe(identity: ReadIdentity): string {
  const cursor = identity.cursorColumn === null ? 'no cursor' : `cursor ${identity.cursorColumn}`;
  return `${identity.relation} by key (${identity.keyColumns.join(', ')}), ${cursor}`;
}

function mismatch(message: string): IntegrationError {
  return new IntegrationError(message, {
    kind: 'config',
    code: 'checkpoint-mismatch',
    stage: 'read',
    hint: 'The from: block changed since the checkpoint was saved, so its position means nothing now. If the change is intended, run `syncline reset <flow>` to read from the start.',
  });
}
