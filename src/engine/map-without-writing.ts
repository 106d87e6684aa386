import type { Row } from '../core/row.js';
import type { CompiledFlow } from './compiled-flow.js';
import { processBatch, type RecordFailure } from './process-batch.js';

export interface MappedBatch {
  /** The rows a run would write, in order. */
  readonly mapped: readonly Row[];
  /** The source records a run would dead-letter (index into the batch's rows). */
  readonly failures: readonly RecordFailure[];
}

/**
 * One batch through the same mapping and validation as a run, against a target that records
 * instead of writing: what dry runs and parallel-run compares look at.
 */
export async function mapWithoutWriting(
  rows: readonly Row[],
  flow: CompiledFlow,
  signal: AbortSignal,
): Promise<MappedBatch> {
  let mapped: readonly Row[] = [];
  const recorder = {
    async write(request: { rows: readonly Row[] }) {
      mapped = request.rows;
      return { written: request.rows.length, rejected: [] };
    },
    async close() {},
  };
  const outcome = await processBatch(rows, { flow, target: recorder, signal, sleep: async () => {} });
  return { mapped, failures: outcome.failures };
}
