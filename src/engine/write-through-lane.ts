import type { Source } from '../core/connector.js';
import type { CopyTextLines } from '../core/copy-text.js';
import type { Batch } from '../core/row.js';
import type { CompiledFlow } from './compiled-flow.js';
import type { CopyTextLane } from './copy-text-lane.js';
import type { BatchOutcome } from './process-batch.js';
import { areBatchesRepeatable } from './repeatable-batches.js';
import type { SystemGuard } from './system-guards.js';
import { callWithRetry, type RetryEvents, type Sleep } from './write-with-retry.js';

export interface LaneWriteContext {
  readonly flow: CompiledFlow;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  readonly events: RetryEvents;
  readonly guard: SystemGuard;
  /** The run's invalid-rate guard, told of the records each written batch held. */
  readonly admit: (invalid: number, total: number) => void;
}

/** How a run maps and writes its batches through the COPY text lane (0049). */
export interface LaneWrites {
  /** Maps a batch's lines as soon as it is read, so that it is ready when its write starts. */
  mapAhead(lane: CopyTextLane, batch: Batch): void;
  /**
   * Maps (unless mapped ahead) and writes a batch as COPY text; undefined when a record or the
   * target needs the row path, which then handles the whole batch as if the lane did not exist.
   */
  write(lane: CopyTextLane, batch: Batch, lines: CopyTextLines): Promise<BatchOutcome | undefined>;
}

export function laneWrites(context: LaneWriteContext): LaneWrites {
  const { flow, signal } = context;
  /** Lines of the batches read so far, mapped by the lane (undefined: the batch needs the row path). */
  const mappedLines = new WeakMap<Batch, CopyTextLines | undefined>();
  return {
    mapAhead(lane, batch) {
      if (batch.copyText) mappedLines.set(batch, lane.map(batch.copyText));
    },
    async write(lane, batch, lines) {
      const mapped = mappedLines.has(batch) ? mappedLines.get(batch) : lane.map(lines);
      if (mapped === undefined) return undefined;
      const request = {
        columns: lane.columns,
        lines: mapped,
        format: lane.format,
        mode: flow.target.mode,
        key: flow.target.key,
        checkpoint: batch.rejected?.length ? undefined : batch.checkpoint,
      };
      const result = await callWithRetry(
        () => lane.writer.write(request, signal),
        flow.retry,
        signal,
        context.sleep,
        context.events,
        context.guard,
      );
      // Written or refused, the mapped lines are not read again (a refused batch goes the row
      // path from the source's values); after a failure that throws they are left to the GC.
      mapped.release?.();
      if (result === undefined || result.rejected.length > 0) return undefined;
      context.admit(0, mapped.count);
      return { written: result.written, warnings: 0, failures: [] };
    },
  };
}

/**
 * Two lane writes may overlap (0051) when a repeat of either after a crash is harmless
 * (areBatchesRepeatable) and their order is not the checkpoint's: upserts of disjoint keys (a
 * table read by its key) by a writer that takes two at once (it does not commit the checkpoint
 * with them).
 */
export function writesOverlap(
  flow: CompiledFlow,
  lane: CopyTextLane | undefined,
  source: Source | undefined,
): lane is CopyTextLane {
  return (
    lane !== undefined &&
    lane.writer.overlaps &&
    source !== undefined &&
    areBatchesRepeatable(flow, source, lane.target)
  );
}
