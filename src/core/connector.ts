import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { ColumnRange, RangeBounds } from './column-range.js';
import type { CopyTextReader, CopyTextWriter } from './copy-text.js';
import type { Issue } from './issue.js';
import type { Batch, Checkpoint, JsonValue, Row } from './row.js';
import type { InferredColumns, TableShape } from './table-shape.js';

/** Connector contracts: one definition object per system kind (see connectors/registry.ts). */

export const writeModes = ['insert', 'upsert', 'update', 'delete', 'mirror'] as const;
export type WriteMode = (typeof writeModes)[number];

export interface Source {
  /**
   * Reads from `from` (exclusive) to the end of what is there now, in bounded batches.
   * Each batch's checkpoint is the position after its last row.
   */
  read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch>;
  /**
   * true: each run continues from the last checkpoint (a cursor column, a log position).
   * false: each run reads everything; a checkpoint only resumes an interrupted run.
   */
  readonly incremental: boolean;
  /**
   * true: every read request settles by itself (a bounded query), so the engine may request
   * the next batch while it writes the current one (engine/read-ahead.ts).
   */
  readonly readAhead?: boolean;
  /**
   * Optional: called by the engine right after the batch carrying `checkpoint` and its dead
   * letters are durable (committed with the checkpoint). A source that must do something once
   * records are safe (ack queue messages, move a finished file to an archive folder) does it
   * here; an error fails the run, which resumes from that checkpoint next time.
   */
  acknowledge?(checkpoint: Checkpoint): Promise<void>;
  /**
   * Optional (SQL sources, for backfills): min, max and row count of `column` among the rows
   * inside `ranges` (and the source's own `where:`); rows where the column is NULL do not count.
   */
  rangeBounds?(column: string, ranges: readonly ColumnRange[], signal: AbortSignal): Promise<RangeBounds>;
  /**
   * Optional (SQL sources, for backfills): the rows inside every one of `ranges`, in key order
   * and bounded batches, each a bounded query; checkpoints as `read` gives them.
   */
  readRange?(ranges: readonly ColumnRange[], signal: AbortSignal): AsyncIterable<Batch>;
  /** Optional: batches as COPY text, for the lane to a target of the same dialect (0049). */
  readonly copyText?: CopyTextReader;
  close(): Promise<void>;
}

export interface WriteRequest {
  readonly rows: readonly Row[];
  readonly key: readonly string[];
  readonly mode: WriteMode;
  /**
   * The source position after this batch, given only when every record of the batch got this
   * far; a target that keeps checkpoints (`checkpointInTarget`) commits it with the rows, and
   * only when it rejects none of them.
   */
  readonly checkpoint?: Checkpoint | undefined;
}

export interface RejectedRow {
  /** Index into WriteRequest.rows. */
  readonly index: number;
  readonly issue: Issue;
}

export interface WriteResult {
  readonly written: number;
  readonly rejected: readonly RejectedRow[];
}

export interface Target {
  /**
   * Writes one batch durably before resolving. Rows the target refuses one by one are
   * returned in `rejected`; throws an IntegrationError only when the whole batch failed.
   */
  write(request: WriteRequest, signal: AbortSignal): Promise<WriteResult>;
  /**
   * Where the target stands after the last durable write (a file's length, say). The engine
   * stores it with the source checkpoint and passes it back as `resume` on the next open,
   * so a target that cannot upsert can cut off a write that the checkpoint never covered.
   */
  position?(): JsonValue;
  /**
   * `checkpointInTarget`: the checkpoint the target committed with its last batch, when the
   * state store's (the `resume` position) is behind it — the process died between the two
   * commits. The engine then resumes from it instead of repeating that batch.
   */
  checkpointAhead?(): Checkpoint | undefined;
  /**
   * For mode `mirror`: the keys of the target rows whose key is not among `seen` (every key a
   * complete full read delivered), found set-based in the target; rows with a NULL key part are
   * never listed. The engine deletes them with mode `delete` (journaled like any write).
   */
  findMissingKeys?(
    seen: readonly Row[],
    key: readonly string[],
    signal: AbortSignal,
  ): Promise<readonly Row[]>;
  /** Current target rows for the given keys (journal, conflict checks, compare, dry run). */
  readByKeys?(keys: readonly Row[], key: readonly string[]): Promise<readonly Row[]>;
  /**
   * The target table's columns as its catalog describes them (NOT NULL, lengths, charset), so
   * values are fitted before they are written (docs/target-fit.md); undefined when unknown.
   */
  describe?(): Promise<TableShape | undefined>;
  /** Optional: takes COPY text lines from a source of the same dialect (0049). */
  readonly copyText?: CopyTextWriter;
  close(): Promise<void>;
}

export interface OpenContext<Config> {
  /** The system's name in the spec. */
  readonly system: string;
  /** The system's `connection:` block, validated by the connector's schema, secrets resolved. */
  readonly config: Config;
  /** Directory of the spec file; relative paths in the spec are relative to it. */
  readonly baseDir: string;
  /**
   * Inside `syncline serve`, a source that receives HTTP requests (webhook) takes them from the
   * server's own listener through this, instead of listening on a port of its own.
   */
  readonly ingress?: Ingress | undefined;
}

/** Lends a source the requests sent to its place on a running HTTP server. */
export interface Ingress {
  /** Routes the requests to `handler` until the returned function is called. */
  mount(handler: (request: IncomingMessage, response: ServerResponse) => void): () => void;
}

export interface SourceOpenOptions<Options> {
  /** The flow's `from:` block without the generic keys, validated by `options`. */
  readonly options: Options;
  readonly key: readonly string[];
  readonly batchSize: number;
}

export interface TargetOpenOptions<Options> {
  /** The flow's `to:` block without the generic keys, validated by `options`. */
  readonly options: Options;
  readonly key: readonly string[];
  readonly mode: WriteMode;
  /** The target's `position()` saved with the last checkpoint, if any. */
  readonly resume: JsonValue | undefined;
  /** The flow writing, where the target keeps per-flow state (`checkpointInTarget`). */
  readonly flow?: string | undefined;
}

export interface SourceDefinition<Config, Options> {
  readonly options: z.ZodType<Options>;
  /**
   * Whether a source with these options continues from its checkpoint each run (a cursor
   * column, a followed file) rather than reading everything again; known before opening, so
   * the plan can refuse a full read into an append-only target.
   */
  isIncremental(options: Options): boolean;
  open(context: OpenContext<Config>, request: SourceOpenOptions<Options>): Promise<Source>;
}

export interface TargetDefinition<Config, Options> {
  readonly options: z.ZodType<Options>;
  readonly modes: readonly WriteMode[];
  open(context: OpenContext<Config>, request: TargetOpenOptions<Options>): Promise<Target>;
}

export interface ConnectorDefinition<Config = unknown, SourceOptions = unknown, TargetOptions = unknown> {
  readonly kind: string;
  readonly summary: string;
  /** Schema of the system's `connection:` block. */
  readonly config: z.ZodType<Config>;
  readonly source?: SourceDefinition<Config, SourceOptions>;
  readonly target?: TargetDefinition<Config, TargetOptions>;
  /**
   * Introspects the live system (`syncline discover`): its tables (or files) and their columns,
   * all of them or only those named.
   */
  discover?(context: OpenContext<Config>, request: DiscoverRequest): Promise<readonly TableShape[]>;
  /**
   * Contacts the system as cheaply as it allows (connect, log in, close) for `/readyz`; throws
   * an IntegrationError naming the system when it cannot. Connectors without one are checked by
   * opening and closing a flow's source (see server/check-systems.ts).
   */
  ping?(context: OpenContext<Config>): Promise<void>;
}

export interface DiscoverRequest {
  /** Only these tables (or files); every one when empty. */
  readonly tables: readonly string[];
  /**
   * Infers column types from sample rows, for a system without a catalog (files). Passed in by
   * discovery so the connector reads and discovery judges the values.
   */
  readonly inferColumns: (batches: AsyncIterable<Batch>) => Promise<InferredColumns>;
}

/** Erases the type parameters so definitions of different kinds fit in one registry array. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds definitions of every config type
export type AnyConnectorDefinition = ConnectorDefinition<any, any, any>;
