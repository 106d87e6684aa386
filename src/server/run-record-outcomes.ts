import { decodePayload } from '../core/encode-payload.js';
import type { JsonValue } from '../core/row.js';
import { sameValue } from '../engine/same-value.js';
import type { DeadLetter, JournalEntry, StateStore } from '../store/state-store.js';

export type RecordOutcome = 'inserted' | 'updated' | 'deleted' | 'unchanged' | 'rejected' | 'invalid';

/** What happened to one record of a run. */
export interface RunRecordOutcome {
  /** The record's key as text, several key columns joined by `|`. */
  readonly key: string;
  readonly outcome: RecordOutcome;
  readonly stage?: string | undefined;
  readonly reason?: string | undefined;
  readonly deadLetterId?: string | undefined;
}

export interface RunRecordOutcomes {
  readonly run: string;
  readonly total: number;
  readonly records: readonly RunRecordOutcome[];
  readonly note?: string | undefined;
}

/**
 * The row-level outcomes of a run, one page: its dead letters (oldest first), then the records
 * it wrote (from its journal, oldest first). Only a flow with `rollback: journal` keeps a
 * journal; without one, the dead letters are all there is, and `note` says so.
 */
export async function runRecordOutcomes(
  store: StateStore,
  runId: string,
  page: { readonly limit: number; readonly offset: number },
): Promise<RunRecordOutcomes> {
  const written = await store.countJournal(runId);
  const failed = await store.countDeadLetters({ runId });
  // The records that failed come first: they are what an operator opens a run for.
  const fromDeadLetters =
    page.offset < failed
      ? await store.listDeadLetters({ runId, offset: page.offset, limit: page.limit })
      : [];
  const left = page.limit - fromDeadLetters.length;
  const fromJournal =
    left > 0 && written > 0
      ? await store.readJournal(runId, { offset: Math.max(0, page.offset - failed), limit: left })
      : [];
  return {
    run: runId,
    total: written + failed,
    records: [...fromDeadLetters.map(deadLetterOutcome), ...fromJournal.map(journalOutcome)],
    ...(written === 0
      ? {
          note: 'this run kept no per-row journal (only a flow with rollback: journal does, for 30 days): only its dead letters are listed',
        }
      : {}),
  };
}

function journalOutcome(entry: JournalEntry): RunRecordOutcome {
  return { key: keyOf(entry.key), outcome: writeOutcome(entry.before, entry.after) };
}

/** What a write did, from the target row before it and the row written. */
function writeOutcome(before: JsonValue | null, after: JsonValue | null): RecordOutcome {
  if (after === null) return 'deleted';
  if (before === null) return 'inserted';
  const old = decodePayload(before);
  const written = decodePayload(after);
  return Object.entries(written).every(([field, value]) => sameValue(old[field], value))
    ? 'unchanged'
    : 'updated';
}

function deadLetterOutcome(letter: DeadLetter): RunRecordOutcome {
  return {
    key: letter.key === undefined ? '' : keyOf(letter.key),
    outcome: letter.stage === 'write' ? 'rejected' : 'invalid',
    stage: letter.stage,
    // Validation messages already start with their field ("email: is required"); say it once.
    reason:
      letter.field === undefined || letter.message.startsWith(`${letter.field}:`)
        ? letter.message
        : `${letter.field}: ${letter.message}`,
    deadLetterId: letter.id,
  };
}

/** Key values as text: scalars as they are, tagged values by their inner text. */
function keyOf(key: JsonValue): string {
  const values = Array.isArray(key) ? key : [key];
  return values.map(valueText).join('|');
}

function valueText(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value !== 'object') return String(value);
  const inner = Array.isArray(value) ? undefined : Object.values(value)[0];
  return typeof inner === 'string' && !Array.isArray(value) && Object.keys(value).length === 1
    ? inner
    : JSON.stringify(value);
}
