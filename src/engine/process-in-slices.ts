import type { Row } from '../core/row.js';
import { type BatchContext, type BatchOutcome, processBatch, type RecordFailure } from './process-batch.js';

/**
 * Maps, validates and writes a batch that is larger than the flow's memory budget in slices
 * of `sliceRows` rows, one after the other, so only one slice's mapped rows and write buffers
 * are alive at a time. The batch stays the unit of commit: the caller stores its dead letters
 * and checkpoint once, after the last slice, so a crash repeats the whole batch as before and
 * keyed writes absorb it. A target that commits the checkpoint with its rows gets it with the
 * last slice only, and only when no earlier slice failed a record (their dead letters are not
 * durable yet). Failure indexes are into the whole batch.
 */
export async function processInSlices(
  rows: readonly Row[],
  sliceRows: number,
  context: BatchContext,
): Promise<BatchOutcome> {
  if (rows.length <= sliceRows) return processBatch(rows, context);
  let written = 0;
  let warnings = 0;
  const failures: RecordFailure[] = [];
  for (let start = 0; start < rows.length; start += sliceRows) {
    const isLast = start + sliceRows >= rows.length;
    const outcome = await processBatch(rows.slice(start, start + sliceRows), {
      ...context,
      checkpoint: isLast && failures.length === 0 ? context.checkpoint : undefined,
    });
    written += outcome.written;
    warnings += outcome.warnings;
    for (const failure of outcome.failures) failures.push({ ...failure, index: failure.index + start });
  }
  return { written, warnings, failures };
}
