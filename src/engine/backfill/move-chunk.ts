import type { ColumnRange } from '../../core/column-range.js';
import type { Source, Target } from '../../core/connector.js';
import type { Logger } from '../../core/logger.js';
import type { Row } from '../../core/row.js';
import type { ChunkCounts } from '../../store/backfill-store.js';
import type { StateStore } from '../../store/state-store.js';
import type { CompiledFlow } from '../compiled-flow.js';
import { deadLetterFor } from '../dead-letter-for.js';
import { processBatch } from '../process-batch.js';
import type { RateLimiter } from '../rate-limiter.js';
import type { SystemGuard } from '../system-guards.js';
import type { Sleep } from '../write-with-retry.js';
import { writtenKeys } from '../written-keys.js';
import type { Fresher } from './skip-newer.js';

/** What every chunk of one backfill run shares. */
export interface ChunkContext {
  /** The flow, fitted to the target. */
  readonly flow: CompiledFlow;
  readonly source: Source;
  readonly target: Target;
  readonly store: StateStore;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  readonly now: () => string;
  readonly logger: Logger;
  readonly admit: (invalid: number, total: number, first?: string) => void;
  readonly beforeWrite?: ((rows: readonly Row[]) => Promise<void>) | undefined;
  readonly sourceGuard: SystemGuard;
  readonly targetGuard: SystemGuard;
  /** --rate: records per second read from the source, across all parallel chunks. */
  readonly records?: RateLimiter | undefined;
  readonly skipNewer?: ((rows: readonly Row[]) => Promise<Fresher>) | undefined;
  /** After each durable batch, with that batch's counts. */
  readonly onBatch: (counts: ChunkCounts) => void;
}

/**
 * Moves one chunk through the same pipeline as a run — map, fit, validate, journal, write,
 * dead letters — committing each batch's dead letters and counts to the run without a
 * checkpoint: the flow's incremental checkpoint is never moved by a backfill.
 */
export async function moveChunk(ranges: readonly ColumnRange[], context: ChunkContext): Promise<ChunkCounts> {
  const { flow, store, runId, signal, sleep } = context;
  let totals: ChunkCounts = { read: 0, written: 0, deadLettered: 0, skipped: 0 };
  const read = context.source.readRange?.(ranges, signal);
  if (read === undefined) return totals;
  for await (const batch of read) {
    const fresh = context.skipNewer ? await context.skipNewer(batch.rows) : { rows: batch.rows, skipped: 0 };
    const outcome = await processBatch(fresh.rows, {
      flow,
      target: context.target,
      signal,
      sleep,
      admit: context.admit,
      beforeWrite: context.beforeWrite,
      guard: context.targetGuard,
      onRetry: (attempt, error, delayMs) =>
        context.logger.warn('write failed, retrying', {
          flow: flow.name,
          attempt,
          delayMs,
          error: error.message,
        }),
      onCircuit: (system, state, detail) =>
        context.logger.warn(`circuit ${state}`, { flow: flow.name, system, detail }),
    });
    const rejected = batch.rejected ?? [];
    const deadLetters = [
      ...rejected.map(({ record, issue }) =>
        deadLetterFor(flow, runId, record, {
          stage: issue.stage ?? 'read',
          code: issue.code,
          message: issue.message,
          field: issue.path || undefined,
        }),
      ),
      ...outcome.failures.map((failure) =>
        deadLetterFor(flow, runId, fresh.rows[failure.index] ?? {}, failure),
      ),
    ];
    const counts: ChunkCounts = {
      read: batch.rows.length + rejected.length,
      written: outcome.written,
      deadLettered: deadLetters.length,
      skipped: fresh.skipped,
    };
    await store.commitBatch({
      flow: flow.name,
      runId,
      at: context.now(),
      checkpoint: undefined,
      deadLetters,
      written: writtenKeys(flow, fresh.rows, outcome.failures),
      counts: {
        read: counts.read,
        written: counts.written,
        deadLettered: counts.deadLettered,
        warnings: outcome.warnings,
      },
    });
    totals = {
      read: totals.read + counts.read,
      written: totals.written + counts.written,
      deadLettered: totals.deadLettered + counts.deadLettered,
      skipped: totals.skipped + counts.skipped,
    };
    context.onBatch(counts);
    // The next page is the next request to the source: it waits for both rate limits.
    await context.records?.take(signal, sleep, counts.read);
    await context.sourceGuard.limiter?.take(signal, sleep);
  }
  return totals;
}
