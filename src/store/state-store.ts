import type { ErrorKind } from '../core/integration-error.js';
import type { Checkpoint, JsonValue } from '../core/row.js';
import type { Stage } from '../core/stage.js';
import type { AccessStore } from './access-store.js';
import type { BackfillStore } from './backfill-store.js';
import type { CutoverStore } from './cutover-store.js';
import type { LeaseStore } from './lease-store.js';
import type { MonitoringStore } from './monitoring-store.js';
import type { RunSeriesPoint } from './run-series.js';

/**
 * Where syncline keeps what it knows between runs: checkpoints, runs, dead letters.
 * Asynchronous so that the embedded SQLite store and a shared PostgreSQL store fit the same
 * callers. Times are ISO-8601 strings handed in by the caller (the engine owns the clock).
 */

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';
export type RunTrigger = 'manual' | 'schedule' | 'webhook' | 'queue' | 'replay' | 'backfill' | 'rollback';

export interface RunCounts {
  readonly read: number;
  readonly written: number;
  readonly deadLettered: number;
  readonly warnings: number;
}

export interface RunError {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly stage?: Stage | undefined;
  readonly message: string;
  readonly hint?: string | undefined;
}

export interface RunRecord extends RunCounts {
  readonly id: string;
  readonly flow: string;
  readonly trigger: RunTrigger;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt?: string | undefined;
  readonly error?: RunError | undefined;
}

/** The source's checkpoint plus, for targets that need it, the target's position. */
export interface StoredCheckpoint {
  readonly source: Checkpoint;
  readonly target?: JsonValue | undefined;
}

/**
 * open: waiting; replayed: written later (by a replay or an automatic retry); discarded: given
 * up by hand, with a reason; superseded: a newer version of the record was written, or failed
 * later, so this payload must never be written (it would overwrite newer data).
 */
export type DeadLetterStatus = 'open' | 'replayed' | 'discarded' | 'superseded';

export interface NewDeadLetter {
  readonly flow: string;
  readonly runId: string;
  readonly stage: Stage;
  readonly code: string;
  readonly message: string;
  /** Field the problem is about, when there is one. */
  readonly field?: string | undefined;
  /** The record's source key values, for finding it again. */
  readonly key?: JsonValue | undefined;
  /** The original source record (encodePayload), so it can be replayed through a fixed mapping. */
  readonly payload: JsonValue;
  readonly attempts: number;
}

export interface DeadLetter extends NewDeadLetter {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: DeadLetterStatus;
  /** Why it was discarded, or the run that replayed it. */
  readonly resolution?: string | undefined;
  /** Who resolved it by hand (the operator who discarded it). */
  readonly resolvedBy?: string | undefined;
}

export interface DeadLetterFilter {
  readonly flow?: string | undefined;
  readonly status?: DeadLetterStatus | undefined;
  readonly code?: string | undefined;
  readonly runId?: string | undefined;
  readonly stage?: Stage | undefined;
  /** Only those tried fewer times than this. */
  readonly attemptsBelow?: number | undefined;
  /** Only those created before this time. */
  readonly before?: string | undefined;
  /** Only those after this dead letter id (listing is oldest first): the next page of a long list. */
  readonly after?: string | undefined;
  readonly limit?: number | undefined;
  /** Skip this many first (with `limit`): a page by position. */
  readonly offset?: number | undefined;
}

/** What one handled batch changes in the store; applied atomically. */
export interface BatchCommit {
  readonly flow: string;
  readonly runId: string;
  readonly at: string;
  /** The checkpoint after this batch; undefined leaves the stored checkpoint unchanged. */
  readonly checkpoint: StoredCheckpoint | undefined;
  readonly deadLetters: readonly NewDeadLetter[];
  /** Increments to the run's counters. */
  readonly counts: RunCounts;
  /**
   * Source keys (encodeValue form) of the records this batch wrote: open dead letters of the
   * flow with the same key are marked superseded in the same transaction. Likewise a new dead
   * letter supersedes the open ones of its key from earlier runs, so a key's open dead letters
   * are its newest failures, and an old payload can never be written over a newer version.
   * A function is called only when the flow has open dead letters.
   */
  readonly written?: readonly JsonValue[] | (() => readonly JsonValue[]) | undefined;
  /** Dead letters a replay wrote successfully: marked replayed in the same transaction. */
  readonly replayed?: { readonly ids: readonly string[]; readonly resolution: string } | undefined;
  /**
   * Dead letters a replay could not write: one more attempt and the new reason (stage, code,
   * message, field replaced), same transaction. An unknown id refuses the whole commit
   * (fatal, `dead-letter-not-found`).
   */
  readonly failedAgain?: readonly { readonly id: string; readonly failure: DeadLetterFailure }[] | undefined;
  /**
   * The batch may be repeated harmlessly (0054): the store need not wait for the disk before it
   * returns. A power cut may then lose this commit and the next run repeats the batch; a later
   * commit that waits (the run's end) makes this one durable too. Process crashes lose nothing.
   */
  readonly repeatable?: boolean | undefined;
}

export interface DeadLetterFailure {
  readonly stage: Stage;
  readonly code: string;
  readonly message: string;
  readonly field?: string | undefined;
}

/** A before-image kept by a flow with `rollback: journal`, written before the target write. */
export interface NewJournalEntry {
  /** The target key values (encodeValue form). */
  readonly key: JsonValue;
  /** The target row before the write (encodePayload form), or null when there was none. */
  readonly before: JsonValue | null;
  /** The row the run wrote (encodePayload form), or null for a delete. */
  readonly after: JsonValue | null;
}

export interface JournalEntry extends NewJournalEntry {
  readonly seq: number;
  readonly runId: string;
  readonly flow: string;
}

export interface StateStore {
  /** Which process runs which flow now (syncline serve). */
  readonly leases: LeaseStore;
  /** Starts a run; runs of the same flow still marked running are marked interrupted. */
  /**
   * Starts a run; runs of the same flow still marked running are marked interrupted — of the
   * same kind only: a backfill run and an incremental run of a flow go on side by side.
   */
  startRun(flow: string, trigger: RunTrigger, at: string): Promise<RunRecord>;
  /**
   * Dead letters, checkpoint and run counters of one batch, in one transaction. Refuses
   * (fatal, code `run-not-running`) a run that is no longer running — one a newer run of the
   * flow marked interrupted — so a stale worker cannot move the checkpoint.
   */
  commitBatch(commit: BatchCommit): Promise<void>;
  /**
   * Records how a run ended and returns it. A run that is no longer running (a newer run of
   * the flow marked it interrupted) keeps its status: nothing is written and the record is
   * returned as stored, so the caller sees it lost its turn. Unknown run: fatal `run-not-found`.
   */
  finishRun(
    runId: string,
    status: Exclude<RunStatus, 'running'>,
    at: string,
    error?: RunError,
  ): Promise<RunRecord>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(filter?: { flow?: string; limit?: number }): Promise<readonly RunRecord[]>;
  /** The oldest run of a flow, of one status if given (go-live is the first succeeded run). */
  firstRun(flow: string, status?: RunStatus): Promise<RunRecord | undefined>;

  loadCheckpoint(flow: string): Promise<StoredCheckpoint | undefined>;
  /**
   * Sets (or with undefined, clears) a flow's checkpoint outside a batch: resets, full-refresh
   * ends. With `runId` (a run of `flow`), refuses like commitBatch (fatal, `run-not-running`)
   * when that run is no longer running, so a superseded run cannot move the checkpoint; without
   * it (a reset by hand) the checkpoint is set unconditionally.
   */
  saveCheckpoint(
    flow: string,
    checkpoint: StoredCheckpoint | undefined,
    at: string,
    runId?: string,
  ): Promise<void>;

  /** Oldest first (creation order), so a replay applies a record's failures in order. */
  listDeadLetters(filter?: DeadLetterFilter): Promise<readonly DeadLetter[]>;
  countDeadLetters(filter?: DeadLetterFilter): Promise<number>;
  getDeadLetter(id: string): Promise<DeadLetter | undefined>;
  /** Marks dead letters replayed or discarded, with the replay run or the reason, and who did it. */
  resolveDeadLetters(
    ids: readonly string[],
    status: Exclude<DeadLetterStatus, 'open'>,
    resolution: string,
    at: string,
    by?: string,
  ): Promise<void>;
  /** A replay that failed again: one more attempt, with the new reason. */
  retryFailed(
    id: string,
    failure: { stage: Stage; code: string; message: string; field?: string },
    at: string,
  ): Promise<void>;

  /** Stores before-images for a running run of `flow`; must be durable before the target write. */
  appendJournal(runId: string, flow: string, entries: readonly NewJournalEntry[], at: string): Promise<void>;
  /** A run's journal in pages: oldest first, or newest first; `after` is the last seq of the previous page. */
  readJournal(
    runId: string,
    page: {
      readonly after?: number | undefined;
      readonly limit: number;
      readonly newestFirst?: boolean;
      /** Skip this many first (oldest first only): a page by position. */
      readonly offset?: number | undefined;
    },
  ): Promise<readonly JournalEntry[]>;
  /** How many journal entries a run kept. */
  countJournal(runId: string): Promise<number>;
  /**
   * A flow's runs that started at or after `since`, summed per hour of their start, oldest
   * first; hours without runs are left out (the dashboard's volume and error charts).
   */
  runSeries(flow: string, since: string): Promise<readonly RunSeriesPoint[]>;
  /** Drops the journal of a flow's runs that started before `before` (retention); returns entries removed. */
  pruneJournal(flow: string, before: string): Promise<number>;

  /** Users, API tokens, sessions, the audit log and encrypted credentials. */
  readonly access: AccessStore;
  /** Alert state and history, and the health reviews written (observe/). */
  readonly monitoring: MonitoringStore;
  /** Parallel-run compares and flow stages (the cut-over gate). */
  readonly cutover: CutoverStore;
  /** Planned backfills and their chunks. */
  readonly backfills: BackfillStore;

  close(): Promise<void>;
}
