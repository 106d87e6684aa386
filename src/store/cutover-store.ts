import type { JsonValue } from '../core/row.js';

/**
 * What the parallel run and the cut-over gate keep: each compare's summary, and each flow's
 * stage with its history (who moved it, when, why). Times are ISO-8601 strings from the caller.
 */

export const flowStages = ['draft', 'testing', 'parallel', 'live', 'retired'] as const;
export type FlowStage = (typeof flowStages)[number];

export interface NewCompareRecord {
  readonly flow: string;
  /** SYSTEM.TABLE of the old process's output. */
  readonly baseline: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** No differing, missing or extra records (within tolerance). */
  readonly clean: boolean;
  readonly matched: number;
  readonly differing: number;
  readonly missing: number;
  readonly extra: number;
  readonly rejected: number;
  /** The whole summary (counts per field, tolerances, report folder), as JSON. */
  readonly summary: JsonValue;
}

export interface CompareRecord extends NewCompareRecord {
  /** `cmp-000001`. */
  readonly id: string;
}

export interface StageChange {
  readonly flow: string;
  readonly stage: FlowStage;
  /** The stage before, or undefined for the first recorded one. */
  readonly from: FlowStage | undefined;
  readonly at: string;
  readonly by: string;
  readonly reason: string;
}

export interface CutoverStore {
  recordCompare(record: NewCompareRecord): Promise<CompareRecord>;
  /** Newest first. */
  listCompares(flow: string, limit: number): Promise<readonly CompareRecord[]>;
  getCompare(id: string): Promise<CompareRecord | undefined>;
  /**
   * Records a move to `change.stage`. Refuses (fatal, `stage-changed`) when the flow's current
   * stage is no longer `change.from`, so two operators cannot both move a flow from the same stage.
   */
  setStage(change: StageChange): Promise<void>;
  /** The latest recorded change of the flow, or undefined when it never had one. */
  currentStage(flow: string): Promise<StageChange | undefined>;
  /** Newest first. */
  stageHistory(flow: string, limit?: number): Promise<readonly StageChange[]>;
}
