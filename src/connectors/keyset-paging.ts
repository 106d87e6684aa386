import { IntegrationError } from '../core/integration-error.js';
import type { Batch, Row } from '../core/row.js';
import { type Position, positionAfter, type ReadIdentity } from './keyset-checkpoint.js';

/**
 * Reading a SQL table in keyset pages (sqlite, mysql): the loop that turns pages into batches
 * and checkpoints, the check that the key can be paged by, and the key to page by when the flow
 * names none. Each connector brings only its own SQL and driver calls (`fetchPage`).
 */

/** What one keyset read needs from its connector. */
export interface KeysetPaging {
  /** What the read pages by; its checkpoints carry it (see keyset-checkpoint.ts). */
  readonly identity: ReadIdentity;
  readonly batchSize: number;
  /**
   * Up to `limit` rows after `position`, in its phase's order (the cursor then the key in the
   * main phase of a cursor read, the key otherwise), checked with `checkPageKeys`.
   */
  fetchPage(position: Position, limit: number): Promise<readonly Row[]> | readonly Row[];
  /** Runs after each page (SQLite's synchronous driver lets timers and I/O run here). */
  between?(): Promise<void>;
}

/**
 * The batches of a keyset read from `start`: the NULL-cursor phase first, then the main one.
 * Each page is fetched with one row beyond the batch, and the batch's checkpoint is the
 * position after its last row.
 */
export async function* readKeysetPages(
  paging: KeysetPaging,
  start: Position,
  signal: AbortSignal,
): AsyncIterable<Batch> {
  const { identity, batchSize } = paging;
  const { keyColumns, cursorColumn } = identity;
  let position = start;
  while (true) {
    // Stop between batches only: a batch is either handed over whole or not at all.
    if (signal.aborted) throw signal.reason;
    // One row more than a batch: it shows whether the next page would start at a duplicate
    // of this page's last key, which `> last key` would skip.
    const fetched = await paging.fetchPage(position, batchSize + 1);
    const isPhaseEnd = fetched.length <= batchSize;
    const rows = isPhaseEnd ? fetched : fetched.slice(0, batchSize);
    const last = rows[rows.length - 1];
    if (last !== undefined) {
      const keyValues = keyColumns.map((k) => last[k]);
      const cursorValue = cursorColumn === null ? undefined : last[cursorColumn];
      const [next, checkpoint] = positionAfter(identity, position.phase, keyValues, cursorValue);
      position = next;
      yield { rows, checkpoint };
    }
    if (isPhaseEnd) {
      if (position.phase === 'main') return;
      position = { phase: 'main', after: undefined };
    }
    await paging.between?.();
  }
}

/** What `pagingKey` needs to know of a table or view. */
export interface KeyedTable {
  readonly name: string;
  readonly isView: boolean;
  readonly primaryKey: readonly string[];
}

/** The key to page by: the flow's `key:`, else the table's primary key; a view has none to fall back on. */
export function pagingKey(requested: readonly string[], info: KeyedTable, system: string): readonly string[] {
  if (requested.length > 0) return requested;
  if (info.primaryKey.length > 0) return info.primaryKey;
  throw new IntegrationError(
    `System "${system}": ${info.isView ? 'view' : 'table'} "${info.name}" has no primary key to page by`,
    {
      kind: 'config',
      code: 'key-required',
      stage: 'read',
      hint: "Add `key:` to the flow's from: block, naming the column(s) that identify a row uniquely.",
    },
  );
}

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
  /** Text keys compare by a collation (MySQL), where the hint warns that "a" may equal "A". */
  isTextCollated = false,
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
          hint: `Paging by a key that repeats would skip rows. Name column(s) in \`key:\` that identify a row uniquely (the primary key, usually)${isTextCollated ? '; note that text compares by the column collation, where "a" may equal "A" and "a "' : ''}.`,
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
