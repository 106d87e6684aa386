import type { Target } from '../core/connector.js';
import { decodePayload } from '../core/encode-payload.js';
import { IntegrationError, toIntegrationError } from '../core/integration-error.js';
import type { Row } from '../core/row.js';
import type { JournalEntry, RunRecord, StateStore } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';
import { keyText } from './key-text.js';
import type { FlowEndpoints } from './run-flow.js';
import { sameValue } from './same-value.js';

export interface RollbackOptions {
  readonly runId: string;
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  readonly connect: (flow: CompiledFlow) => FlowEndpoints;
  readonly store: StateStore;
  /** Roll back even records that changed again after the run. */
  readonly force?: boolean;
  /** Only report what would be done. */
  readonly dryRun?: boolean;
  readonly clock?: () => Date;
  readonly pageSize?: number;
}

export interface RollbackConflict {
  readonly key: readonly unknown[];
  readonly reason: string;
}

export interface RollbackReport {
  readonly of: RunRecord;
  /** The recorded rollback run; absent for a dry run or a refusal. */
  readonly run?: RunRecord | undefined;
  readonly records: number;
  readonly conflicts: number;
  /** The first conflicts, for the message. */
  readonly sampleConflicts: readonly RollbackConflict[];
  readonly refused: boolean;
}

/**
 * Undoes what a run wrote, from its journal: updated rows get their before-image back,
 * inserted rows are deleted, deleted rows come back. A record changed again since the run
 * (its current row is not what the run wrote) makes the rollback refuse, unless forced, so a
 * rollback never silently overwrites newer work. The rollback is itself a recorded run.
 */
export async function rollbackRun(options: RollbackOptions): Promise<RollbackReport> {
  const { store } = options;
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  const pageSize = options.pageSize ?? 500;
  const original = await store.getRun(options.runId);
  if (!original)
    throw configError(`there is no run ${options.runId}`, 'run-not-found', 'list runs with syncline status');
  if (original.trigger === 'rollback') {
    throw configError(
      `run ${original.id} is itself a rollback; it has no journal to undo`,
      'rollback-of-rollback',
    );
  }
  if (original.status === 'running') {
    throw configError(
      `run ${original.id} is still running`,
      'run-still-running',
      'wait for it to end, or stop it',
    );
  }
  const flow = options.flows.get(original.flow);
  if (!flow)
    throw configError(`flow ${original.flow} of run ${original.id} is no longer in the spec`, 'unknown-flow');
  const first = await store.readJournal(original.id, { limit: 1 });
  if (first.length === 0) {
    throw configError(
      `run ${original.id} of flow ${flow.name} has no journal, so it cannot be rolled back`,
      'no-journal',
      'only runs of flows with rollback: journal that wrote records keep one (for 30 days)',
    );
  }

  const checkpoint = await store.loadCheckpoint(flow.name);
  const target = await options.connect(flow).openTarget(checkpoint?.target);
  const key = flow.target.key;
  try {
    const readByKeys = target.readByKeys?.bind(target);
    if (!readByKeys)
      throw configError(`the target of ${flow.name} cannot read records by key`, 'journal-unsupported');

    // Pass 1: every record must still be what the run left it as (its latest after-image).
    const seen = new Set<string>();
    let records = 0;
    let conflicts = 0;
    const sampleConflicts: RollbackConflict[] = [];
    for await (const page of journalPages(store, original.id, pageSize)) {
      const latest = page.filter((entry) => {
        const id = JSON.stringify(entry.key);
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      records += latest.length;
      const current = new Map(
        (
          await readByKeys(
            latest.map((e) => keyRow(e, key)),
            key,
          )
        ).map((r) => [keyText(r, key), r]),
      );
      for (const entry of latest) {
        const row = keyRow(entry, key);
        const reason = changedSince(entry, current.get(keyText(row, key)));
        if (!reason) continue;
        conflicts++;
        if (sampleConflicts.length < 10)
          sampleConflicts.push({ key: key.map((column) => row[column]), reason });
      }
    }
    const refused = conflicts > 0 && !options.force;
    if (refused || options.dryRun) return { of: original, records, conflicts, sampleConflicts, refused };

    // Pass 2: newest first, so a record written twice ends at its earliest before-image.
    let run = await store.startRun(flow.name, 'rollback', now());
    try {
      for await (const page of journalPages(store, original.id, pageSize)) {
        const written = await restore(page, target, key);
        await store.commitBatch({
          flow: flow.name,
          runId: run.id,
          at: now(),
          checkpoint: undefined,
          deadLetters: [],
          counts: { read: page.length, written, deadLettered: 0, warnings: 0 },
        });
      }
      run = await store.finishRun(run.id, 'succeeded', now());
    } catch (thrown) {
      const error = toIntegrationError(thrown, { kind: 'fatal', code: 'rollback-failed', stage: 'write' });
      run = await store.finishRun(run.id, 'failed', now(), {
        kind: error.kind,
        code: error.code,
        stage: error.stage,
        message: error.message,
        hint: 'the rollback stopped part-way; fix the cause and run it again with --force',
      });
    }
    return { of: original, run, records, conflicts, sampleConflicts, refused: false };
  } finally {
    await target.close();
  }
}

async function* journalPages(
  store: StateStore,
  runId: string,
  limit: number,
): AsyncIterable<readonly JournalEntry[]> {
  let after: number | undefined;
  for (;;) {
    const page = await store.readJournal(runId, { after, limit, newestFirst: true });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1]?.seq;
  }
}

/** Applies one page; within it a key's oldest entry (last in newest-first order) wins. */
async function restore(
  page: readonly JournalEntry[],
  target: Target,
  key: readonly string[],
): Promise<number> {
  const final = new Map<string, JournalEntry>();
  for (const entry of page) final.set(JSON.stringify(entry.key), entry);
  const upserts: Row[] = [];
  const deletes: Row[] = [];
  for (const entry of final.values()) {
    if (entry.before === null) deletes.push(keyRow(entry, key));
    else upserts.push(decodePayload(entry.before));
  }
  let written = 0;
  for (const [rows, mode] of [
    [upserts, 'upsert'],
    [deletes, 'delete'],
  ] as const) {
    if (rows.length === 0) continue;
    const result = await target.write({ rows, key, mode }, new AbortController().signal);
    if (result.rejected.length > 0) {
      const first = result.rejected[0];
      throw new IntegrationError(
        `${result.rejected.length} records could not be restored; the first: ${first?.issue.message}`,
        { kind: 'fatal', code: 'restore-rejected', stage: 'write' },
      );
    }
    written += result.written;
  }
  return written;
}

/** The key columns of a journal entry as a row, for reading and deleting by key. */
function keyRow(entry: JournalEntry, key: readonly string[]): Row {
  const values = Array.isArray(entry.key) ? entry.key : [];
  return decodePayload(Object.fromEntries(key.map((column, i) => [column, values[i] ?? null])));
}

/** Why the record is not what the run wrote, or undefined when it still is. */
function changedSince(entry: JournalEntry, current: Row | undefined): string | undefined {
  if (entry.after === null) return current ? 'the run deleted it, and it exists again' : undefined;
  if (!current) return 'the run wrote it, and it has been deleted since';
  const after = decodePayload(entry.after);
  const changed = Object.keys(after).filter((field) => !sameValue(current[field], after[field]));
  return changed.length > 0 ? `changed since the run: ${changed.join(', ')}` : undefined;
}

function configError(message: string, code: string, hint?: string): IntegrationError {
  return new IntegrationError(message, { kind: 'config', code, ...(hint ? { hint } : {}) });
}
