import type { RejectedRow, WriteMode } from '../../core/connector.js';
import { encodeValue } from '../../core/encode-payload.js';
import { IntegrationError } from '../../core/integration-error.js';
import { recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { hasNul } from './postgres-values.js';

/** Rows of one shape (the same columns), in batch order, with their index in the batch. */
export interface Group {
  readonly columns: readonly string[];
  readonly entries: readonly { readonly index: number; readonly row: Row }[];
}

export interface BatchPlan {
  /**
   * Groups to write in order. Within a run of groups no key repeats, so one set-based
   * statement per group has the same effect as writing row by row; a key seen again starts a
   * new run (`ON CONFLICT DO UPDATE` may not touch a row twice in one statement, and the
   * later row must win).
   */
  readonly groups: readonly Group[];
  /** Rows refused before reaching the server. */
  readonly rejected: readonly RejectedRow[];
}

/**
 * Splits a batch into set-based groups, refusing up front the rows no statement could take: a
 * missing key (except for insert), no values at all, text with U+0000 (PostgreSQL text cannot
 * hold it). Columns the table lacks fail the whole batch: that is the mapping's mistake.
 */
export function planBatch(
  rows: readonly Row[],
  mode: WriteMode,
  key: readonly string[],
  tableColumns: readonly string[],
  where: string,
): BatchPlan {
  const rejected: RejectedRow[] = [];
  const groups: Group[] = [];
  let run = new Map<string, { columns: readonly string[]; entries: { index: number; row: Row }[] }>();
  let keysInRun = new Set<unknown>();
  // Rows of a batch nearly always share one shape: the last one is reused when the names match.
  let last: { names: readonly string[]; columns: readonly string[]; shape: string } | undefined;
  const order = new Map(tableColumns.map((c, i) => [c, i]));
  const unknown = new Set<string>();

  const closeRun = () => {
    groups.push(...run.values());
    run = new Map();
    keysInRun = new Set();
  };

  rows.forEach((row, index) => {
    const missing = mode === 'insert' ? undefined : key.find((k) => row[k] === null || row[k] === undefined);
    if (missing !== undefined) {
      rejected.push({
        index,
        issue: recordIssue('key-missing', missing, `Key column "${missing}" has no value`, {
          stage: 'write',
        }),
      });
      return;
    }
    const names = mode === 'delete' ? key : Object.keys(row);
    const reused = last !== undefined && sameShape(names, last.names, row) ? last : undefined;
    const present =
      reused?.columns ?? (mode === 'delete' ? [...key] : names.filter((c) => row[c] !== undefined));
    if (present.length === 0) {
      rejected.push({
        index,
        issue: recordIssue('empty-row', '', 'The row has no values to write', { stage: 'write' }),
      });
      return;
    }
    if (reused === undefined) for (const c of present) if (!order.has(c)) unknown.add(c);
    const withNul = present.find((c) => typeof row[c] === 'string' && hasNul(row[c] as string));
    if (withNul !== undefined) {
      rejected.push({
        index,
        issue: recordIssue(
          'invalid-value',
          withNul,
          'PostgreSQL text cannot hold the character U+0000 (NUL)',
          {
            stage: 'write',
            hint: 'Remove it in the mapping, e.g. with a replace transform.',
          },
        ),
      });
      return;
    }
    if (key.length > 0) {
      const first = row[key[0] as string];
      // The common single-column number or text key is its own identity (a Set keeps 1 and
      // "1" apart); others are compared as JSON.
      const id =
        key.length === 1 && (typeof first === 'number' || typeof first === 'string')
          ? first
          : JSON.stringify(key.map((k) => encodeValue(row[k])));
      if (keysInRun.has(id)) closeRun();
      keysInRun.add(id);
    }
    const columns = reused?.columns ?? [...present].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const shape = reused?.shape ?? columns.join('\u0000');
    if (reused === undefined && mode !== 'delete' && present.length === names.length) {
      last = { names, columns, shape };
    }
    let group = run.get(shape);
    if (group === undefined) {
      group = { columns, entries: [] };
      run.set(shape, group);
    }
    group.entries.push({ index, row });
  });
  closeRun();

  if (unknown.size > 0) {
    throw new IntegrationError(
      `${where}: no column${unknown.size > 1 ? 's' : ''} ${[...unknown].map((c) => `"${c}"`).join(', ')}`,
      {
        kind: 'config',
        code: 'column-not-found',
        stage: 'write',
        hint: `Columns: ${tableColumns.join(', ')}. Map the field to one of them or leave it out.`,
      },
    );
  }
  return { groups, rejected };
}

/** The row has exactly these property names, in this order, none of them undefined. */
function sameShape(names: readonly string[], lastNames: readonly string[], row: Row): boolean {
  if (names.length !== lastNames.length) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name !== lastNames[i] || row[name] === undefined) return false;
  }
  return true;
}
