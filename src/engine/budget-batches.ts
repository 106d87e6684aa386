import { type Batch, rowCount } from '../core/row.js';
import { estimateBatchBytes } from './estimate-batch-bytes.js';

/** Row data a batch may hold in memory unless the flow says otherwise (`maxBatchBytes`). */
export const defaultMaxBatchBytes = 4 * 1024 * 1024;

/** A source batch with its estimated size and the slice size that keeps it within budget. */
export interface BudgetedBatch {
  readonly batch: Batch;
  /** Estimated bytes of its rows (estimateBatchBytes). */
  readonly bytes: number;
  /** Rows per slice: all of them when the batch fits, else as many as fit the budget. */
  readonly sliceRows: number;
  readonly isOverBudget: boolean;
}

/**
 * Weighs a batch against the flow's memory budget (0042): one whose rows take more than
 * `maxBytes` is mapped and written in slices that fit, and is not read ahead of. Weighing is
 * a sample of rows, not a walk over all of them.
 */
export function weighBatch(batch: Batch, maxBytes: number): BudgetedBatch {
  const bytes = estimateBatchBytes(batch);
  const rows = rowCount(batch);
  const isOverBudget = bytes > maxBytes;
  const sliceRows = isOverBudget ? Math.max(1, Math.floor((rows * maxBytes) / bytes)) : Math.max(rows, 1);
  return { batch, bytes, sliceRows, isOverBudget };
}
