import type { Source } from '../core/connector.js';
import type { Logger } from '../core/logger.js';
import { type Batch, type Checkpoint, rowCount } from '../core/row.js';
import { type BudgetedBatch, weighBatch } from './budget-batches.js';
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
  /** How to read the source, when not `source.read` (the COPY text lane reads and maps its lines, 0049). */
  readonly read?:
    | ((source: Source, from: Checkpoint | undefined, signal: AbortSignal) => AsyncIterable<Batch>)
    | undefined;
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
 *
 * A plain iterator, not an async generator: a suspended generator may keep values of earlier
 * iterations alive in its registers, and here each would be a whole batch (benchmarks.md).
 */
export function readWithinBudget(options: ReadWithinBudgetOptions): AsyncIterable<BudgetedBatch> {
  return { [Symbol.asyncIterator]: () => budgetedReader(options) };
}

function budgetedReader(options: ReadWithinBudgetOptions): AsyncIterator<BudgetedBatch> {
  const { signal, maxBytes, prefetch, reopen, logger } = options;
  let { source, from, batchSize } = options;
  let reopens = 0;
  let resize: { readonly rows: number; readonly after: Checkpoint } | undefined;
  const weights = new WeakMap<Batch, BudgetedBatch>();
  const weigh = (batch: Batch) => {
    let weighed = weights.get(batch);
    if (weighed === undefined) {
      weighed = weighBatch(batch, maxBytes);
      weights.set(batch, weighed);
    }
    return weighed;
  };
  const read = () => {
    const batches = options.read ? options.read(source, from, signal) : source.read(from, signal);
    return (prefetch ? readAhead(batches, (b) => !weigh(b).isOverBudget) : batches)[Symbol.asyncIterator]();
  };
  let batches = read();

  async function reopenSmaller(rows: number, after: Checkpoint, open: (size: number) => Promise<Source>) {
    await batches.return?.();
    logger.info('batches are larger than maxBatchBytes: reading on with fewer rows per batch', {
      flow: options.flow,
      batchSize,
      newBatchSize: rows,
      maxBatchBytes: maxBytes,
    });
    const previous = source;
    source = await open(rows);
    options.onReopen(source);
    reopens++;
    batchSize = rows;
    from = after;
    try {
      await previous.close();
    } catch (error) {
      logger.warn('closing a connection failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    batches = read();
  }

  return {
    async next() {
      // The caller asks for the next batch only once the previous one is committed.
      if (resize !== undefined && reopen !== undefined && !signal.aborted) {
        const { rows, after } = resize;
        resize = undefined;
        await reopenSmaller(rows, after, reopen);
      }
      const result = await batches.next();
      if (result.done === true) return { done: true, value: undefined };
      const weighed = weigh(result.value);
      const isFull = rowCount(weighed.batch) >= batchSize;
      if (weighed.isOverBudget && isFull && reopen !== undefined && reopens < maxReopens) {
        resize = { rows: weighed.sliceRows, after: weighed.batch.checkpoint };
      }
      return { done: false, value: weighed };
    },
    async return() {
      await batches.return?.();
      return { done: true, value: undefined };
    },
  };
}

/**
 * The batches of `batches`, each shown to `see` as it arrives (before the caller asks for it,
 * under read-ahead). A plain iterator, for the reason given above.
 */
export function eachBatch(batches: AsyncIterable<Batch>, see: (batch: Batch) => void): AsyncIterable<Batch> {
  return {
    [Symbol.asyncIterator]() {
      const inner = batches[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await inner.next();
          if (result.done !== true) see(result.value);
          return result;
        },
        async return(value?: unknown) {
          return (await inner.return?.(value)) ?? { done: true, value: undefined };
        },
      };
    },
  };
}
