import { decodePayload, encodePayload } from '../../core/encode-payload.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Checkpoint } from '../../core/row.js';
import type { PageAt } from './pagination.js';

/**
 * The checkpoint of an http source (docs/connectors/http.md#checkpoints):
 * - `next`: the page a run in progress continues from and how many of its records were
 *   handed over; null once the run read the last page.
 * - `since`, `after`: the updated-since value the run in progress sends and the
 *   [cursor, ...key] at or below which it drops records (incremental reads only).
 * - `last`: the greatest [cursor, ...key] read so far; the next run starts from it.
 * - `path`, `cursorField`, `keyFields`: what was read, so that a checkpoint taken under other
 *   `from:` options is refused instead of skipping records.
 */
export interface HttpPosition {
  readonly next: { readonly at: PageAt; readonly skip: number } | null;
  readonly since: unknown;
  readonly after: readonly unknown[] | null;
  readonly last: readonly unknown[] | null;
}

export interface HttpReadIdentity {
  readonly path: string;
  readonly cursorField: string | null;
  readonly keyFields: readonly string[];
}

export function encodeHttpCheckpoint(identity: HttpReadIdentity, position: HttpPosition): Checkpoint {
  return encodePayload({ ...identity, ...position });
}

/** Where a read starts: from scratch, resuming a run, or a new run after the last one. */
export function decodeHttpCheckpoint(
  from: Checkpoint | undefined,
  identity: HttpReadIdentity,
  system: string,
): HttpPosition {
  const fresh: HttpPosition = { next: { at: null, skip: 0 }, since: undefined, after: null, last: null };
  if (from === undefined || from === null) return fresh;
  const saved = decodePayload(from);
  const isSame =
    saved.path === identity.path &&
    (saved.cursorField ?? null) === identity.cursorField &&
    JSON.stringify(saved.keyFields) === JSON.stringify(identity.keyFields);
  if (!isSame) {
    throw new IntegrationError(
      `System "${system}": the saved checkpoint was taken reading ${describe(saved)}; the flow now reads ${describe({ ...identity })}`,
      {
        kind: 'config',
        code: 'checkpoint-mismatch',
        stage: 'read',
        hint: 'The from: block changed since the checkpoint was saved. If that is intended, run `syncline reset FLOW` to read from the start.',
      },
    );
  }
  const next = saved.next as HttpPosition['next'];
  const last = (saved.last as unknown[] | null) ?? null;
  if (next !== null && next !== undefined) {
    return { next, since: saved.since, after: (saved.after as unknown[] | null) ?? null, last };
  }
  // The last run finished: a full read has nothing left; an incremental one starts a new run after `last`.
  if (identity.cursorField === null || last === null)
    return { next: null, since: undefined, after: null, last };
  return { next: { at: null, skip: 0 }, since: last[0], after: last, last };
}

function describe(read: Readonly<Record<string, unknown>>): string {
  const keys = Array.isArray(read.keyFields) ? read.keyFields.join(', ') : '';
  const cursor = typeof read.cursorField === 'string' ? `cursor ${read.cursorField}` : 'no cursor';
  return `"${String(read.path)}" by key (${keys}), ${cursor}`;
}

/** Orders [cursor, ...key] tuples: numbers and bigints by value, anything else as text. */
export function compareTuples(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareValues(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareValues(a: unknown, b: unknown): number {
  const isNumeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  if (isNumeric(a) && isNumeric(b))
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
