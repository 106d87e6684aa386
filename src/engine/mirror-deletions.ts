import type { Target, WriteMode } from '../core/connector.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Logger } from '../core/logger.js';
import type { Row } from '../core/row.js';
import type { StateStore } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';
import { keyText } from './key-text.js';
import type { SystemGuard } from './system-guards.js';
import { type Sleep, writeWithRetry } from './write-with-retry.js';

export interface MirrorFinish {
  readonly target: Target;
  readonly store: StateStore;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  readonly now: () => string;
  readonly logger: Logger;
  readonly guard?: SystemGuard | undefined;
  /** The rollback journal's hook, when the flow keeps one: deletions are journaled like writes. */
  readonly journal?: ((rows: readonly Row[], mode?: WriteMode) => Promise<void>) | undefined;
  /** The read began at a checkpoint (an interrupted run resumed), so it did not see every key. */
  readonly resumed: boolean;
}

export interface MirrorDeletions {
  /** Notes the target keys of rows about to be written (the beforeWrite hook). */
  note(rows: readonly Row[]): void;
  /** Counts records whose target key is unknown: they failed before mapping finished. */
  noteUnkeyed(count: number): void;
  /** After a complete read: deletes the target rows whose key no record delivered. */
  finish(context: MirrorFinish): Promise<number>;
}

/**
 * Mode `mirror`: the target ends up holding what a full read delivered. Each batch is upserted;
 * the target keys of every record written are noted in memory (one entry per record, see
 * docs/connectors/postgres.md); after a read that began at the start and completed, the target
 * finds, set-based, its rows whose key was not noted, and the engine deletes them through the
 * ordinary write path with mode `delete`, journaled first, so `syncline rollback` restores them.
 * Whenever the run cannot know every key, it deletes nothing and says why.
 */
export function mirrorDeletions(flow: CompiledFlow): MirrorDeletions {
  const key = flow.target.key;
  const seen = new Map<string, Row>();
  let unkeyed = 0;
  return {
    note(rows) {
      for (const row of rows) {
        const id = keyText(row, key);
        if (!seen.has(id)) seen.set(id, Object.fromEntries(key.map((column) => [column, row[column]])));
      }
    },
    noteUnkeyed(count) {
      unkeyed += count;
    },
    async finish(context) {
      const skip = skipReason(context.resumed, unkeyed, seen.size);
      if (skip) {
        context.logger.warn(`mirror: no target record deleted this run: ${skip}`, { flow: flow.name });
        return 0;
      }
      const findMissingKeys = context.target.findMissingKeys?.bind(context.target);
      if (!findMissingKeys) {
        throw new IntegrationError(
          `flow ${flow.name}: mode mirror needs a target that can list the keys it holds, and ${flow.target.connector.kind} cannot`,
          { kind: 'config', code: 'mirror-unsupported', stage: 'write', hint: 'use mode: upsert' },
        );
      }
      const missing = await findMissingKeys([...seen.values()], key, context.signal);
      let deleted = 0;
      for (let start = 0; start < missing.length; start += flow.batchSize) {
        const rows = missing.slice(start, start + flow.batchSize);
        await context.journal?.(rows, 'delete');
        const result = await writeWithRetry(
          context.target,
          { rows, key, mode: 'delete' },
          flow.retry,
          context.signal,
          context.sleep,
          {},
          context.guard,
        );
        for (const { index, issue } of result.rejected) {
          context.logger.warn(`mirror: could not delete a target record: ${issue.message}`, {
            flow: flow.name,
            key: keyText(rows[index] ?? {}, key),
          });
        }
        await context.store.commitBatch({
          flow: flow.name,
          runId: context.runId,
          at: context.now(),
          checkpoint: undefined,
          deadLetters: [],
          counts: { read: 0, written: result.written, deadLettered: 0, warnings: result.rejected.length },
        });
        deleted += result.written;
      }
      context.logger.info(`mirror: deleted ${deleted} target record(s) the source no longer has`, {
        flow: flow.name,
      });
      return deleted;
    },
  };
}

function skipReason(resumed: boolean, unkeyed: number, seen: number): string | undefined {
  if (resumed) {
    return 'the read resumed an interrupted run, so it did not see the records read before; the next complete run deletes';
  }
  if (unkeyed > 0) {
    return `${unkeyed} record(s) failed before their target key was known (see the dead letters), and their target rows must not be deleted; fix them and run again`;
  }
  if (seen === 0) {
    return 'the source delivered no records; mirror does not empty a table on an empty read (check the from: block, or delete by hand)';
  }
  return undefined;
}
