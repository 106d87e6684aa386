import type { JsonValue } from '../core/row.js';

/**
 * Backfills in the state store: each planned backfill of a flow with its chunks, so a backfill
 * stopped by a crash or Ctrl-C resumes after its last finished chunk. Kept apart from the
 * flow's checkpoint, which belongs to the incremental runs and a backfill never moves.
 */

export type BackfillStatus = 'running' | 'finished' | 'abandoned';

export interface ChunkCounts {
  readonly read: number;
  readonly written: number;
  readonly deadLettered: number;
  /** Records left alone because the target already held a newer version (decision 0026). */
  readonly skipped: number;
}

export interface NewBackfill {
  readonly flow: string;
  /** How the backfill was planned (column, bounds, chunk size), compared when it resumes. */
  readonly plan: JsonValue;
  /** Rows the plan counted in the source. */
  readonly total: number;
  /** Each chunk's ranges (encodeValue form), in order. */
  readonly chunks: readonly JsonValue[];
}

export interface BackfillRecord {
  readonly id: string;
  readonly flow: string;
  readonly plan: JsonValue;
  readonly total: number;
  readonly status: BackfillStatus;
  readonly startedAt: string;
  readonly finishedAt?: string | undefined;
}

export interface BackfillChunk extends ChunkCounts {
  /** Position in the plan, from 0. */
  readonly index: number;
  readonly ranges: JsonValue;
  readonly isDone: boolean;
  readonly finishedAt?: string | undefined;
}

export interface BackfillStore {
  /** Records a planned backfill and its chunks, none done yet. */
  create(backfill: NewBackfill, at: string): Promise<BackfillRecord>;
  /** The flow's backfill still running (started and not finished or abandoned), if any. */
  findRunning(flow: string): Promise<BackfillRecord | undefined>;
  /** Newest first. */
  list(flow: string, limit?: number): Promise<readonly BackfillRecord[]>;
  /** In plan order. */
  chunks(backfillId: string): Promise<readonly BackfillChunk[]>;
  /**
   * Marks a chunk done with its counts. Refuses (fatal, `run-not-running`) when `runId` is no
   * longer running — a newer backfill run of the flow took over — like commitBatch does.
   */
  finishChunk(
    backfillId: string,
    index: number,
    runId: string,
    counts: ChunkCounts,
    at: string,
  ): Promise<void>;
  finish(backfillId: string, status: Exclude<BackfillStatus, 'running'>, at: string): Promise<BackfillRecord>;
}
