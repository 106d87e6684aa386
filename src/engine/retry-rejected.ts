import type { Target } from '../core/connector.js';
import { decodePayload } from '../core/encode-payload.js';
import type { Row } from '../core/row.js';
import type { RunCounts, StateStore } from '../store/state-store.js';
import { type CompiledFlow, defaultRetryRejected } from './compiled-flow.js';
import { processBatch } from './process-batch.js';
import type { SystemGuard } from './system-guards.js';
import type { Sleep } from './write-with-retry.js';

/** How many open dead letters one run retries at most; the rest wait for the next run. */
const perRunLimit = 5000;

export interface RetryRejectedContext {
  readonly flow: CompiledFlow;
  readonly target: Target;
  readonly store: StateStore;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  readonly now: () => string;
  readonly guard?: SystemGuard | undefined;
  /** The rollback journal's hook, when the flow keeps one. */
  readonly beforeWrite?: ((rows: readonly Row[]) => Promise<void>) | undefined;
}

/**
 * Retries, at the end of a run, the records a target rejected in earlier runs (stage `write`),
 * through the current mapping, until they are written or have been tried
 * `errors.retryRejected.attempts` times in all; then they stay open for a person to replay or discard. Only a
 * key's newest failure is ever open (older ones are superseded), so an old payload is never
 * written over a newer version. Each batch is committed like a replay: replayed or failed
 * again, in the same transaction as the target's position.
 */
export async function retryRejected(context: RetryRejectedContext): Promise<RunCounts> {
  const { flow, store, target } = context;
  const totals = { read: 0, written: 0, deadLettered: 0, warnings: 0 };
  const attempts = flow.retryRejected ?? defaultRetryRejected;
  if (attempts <= 1) return totals;
  const letters = (
    await store.listDeadLetters({
      flow: flow.name,
      status: 'open',
      stage: 'write',
      attemptsBelow: attempts,
      limit: perRunLimit,
    })
  ).filter((letter) => letter.runId !== context.runId);
  for (let start = 0; start < letters.length; start += flow.batchSize) {
    const batch = letters.slice(start, start + flow.batchSize);
    const rows = batch.map((letter) => decodePayload(letter.payload));
    const outcome = await processBatch(rows, {
      flow,
      target,
      signal: context.signal,
      sleep: context.sleep,
      guard: context.guard,
      beforeWrite: context.beforeWrite,
    });
    const failed = new Map(outcome.failures.map((failure) => [failure.index, failure]));
    const checkpoint = await store.loadCheckpoint(flow.name);
    const position = target.position?.();
    const counts = {
      read: rows.length,
      written: outcome.written,
      deadLettered: 0,
      warnings: outcome.warnings,
    };
    await store.commitBatch({
      flow: flow.name,
      runId: context.runId,
      at: context.now(),
      checkpoint:
        position === undefined ? undefined : { source: checkpoint?.source ?? null, target: position },
      deadLetters: [],
      counts,
      replayed: {
        ids: batch.filter((_, index) => !failed.has(index)).map((letter) => letter.id),
        resolution: `written by run ${context.runId} (automatic retry)`,
      },
      failedAgain: [...failed].flatMap(([index, failure]) => {
        const letter = batch[index];
        return letter ? [{ id: letter.id, failure }] : [];
      }),
    });
    totals.read += counts.read;
    totals.written += counts.written;
    totals.warnings += counts.warnings;
  }
  return totals;
}
