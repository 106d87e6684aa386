import type { Source } from '../core/connector.js';
import type { Logger } from '../core/logger.js';
import type { Checkpoint } from '../core/row.js';
import { type BudgetedBatch, budgetBatches } from './budget-batches.js';
import { readAhead } from './read-ahead.js';

export interface ReadWithinBudgetOptions {
  readonly source: Source;
  readonly from: Checkpoint | undefined;
  readonly signal: AbortSignal;
  /** Rows per batch the source was opened with. */
  readonly batchSize: number;
  /** Estimated bytes of row data one batch may hold (0042). */
  readonly maxBytes: number;
  /** Request the next batch while the current one is handled (0037). */
  readonly prefetch: boolean;
  /**
   * Opens the source again with fewer rows per batch; only for sources whose every request is
   * a bounded query from a checkpoint (`readAhead`), where a fresh read from the checkpoint
   * is what a resumed run does anyway.
   */
  readonly reopen?: ((batchSize: number) => Promise<Source>) | undefined;
  /** Told the source that now reads, so the run closes the right one. */
  readonly onReopen: (source: Source) => void;
  readonly logger: Logger;
  readonly flow: string;
}

/** A source opened again more often than this per run keeps its batch size and is sliced. */
const maxReopens = 2;

/**
 * The source's batches, each weighed against the memory budget (0042). A batch closes at
 * batchSize rows; when full batches turn out larger than the budget, a source that reads by
 * bounded queries is opened again after that batch is committed, with as many rows per batch
 * as fit, and read on from the batch's checkpoint — so every later batch closes at the
 * budget, and read-ahead holds at most one such batch. Other sources keep their batches;
 * the run maps and writes an oversized one in slices (processInSlices) and does not read
 * ahead of it. The checkpoint moves exactly as before: after each committed batch.
 */
export async function* readWithinBudget(options: ReadWithinBudgetOptions): AsyncGenerator<BudgetedBatch> {
  const { signal, maxBytes, prefetch, reopen, logger } = options;
  let { source, from, batchSize } = options;
  let reopens = 0;
  while (true) {
    const weighed = budgetBatches(source.read(from, signal), maxBytes);
    let resizeTo: number | undefined;
    for await (const batch of prefetch ? readAhead(weighed, (b) => !b.isOverBudget) : weighed) {
      yield batch;
      // The caller asks for the next batch only once this one is committed.
      const isFull = batch.batch.rows.length >= batchSize;
      if (batch.isOverBudget && isFull && reopen !== undefined && reopens < maxReopens) {
        resizeTo = batch.sliceRows;
        from = batch.batch.checkpoint;
        break;
      }
    }
    if (resizeTo === undefined || reopen === undefined || signal.aborted) return;
    logger.info('batches are larger than maxBatchBytes: reading on with fewer rows per batch', {
      flow: options.flow,
      batchSize,
      newBatchSize: resizeTo,
      maxBatchBytes: maxBytes,
    });
    const previous = source;
    source = await reopen(resizeTo);
    options.onReopen(source);
    reopens++;
    batchSize = resizeTo;
    try {
      await previous.close();
    } catch (error) {
      logger.warn('closing a connection failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
