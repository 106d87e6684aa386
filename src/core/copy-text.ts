/**
 * The COPY text lane (docs/decisions/0049): between two systems that speak the same bulk text
 * format (PostgreSQL's COPY text), a batch travels as the lines the source sent, and only the
 * fields the mapping changes are decoded and encoded again; the others are copied byte for
 * byte. Anything unusual in a batch — a record the mapping refuses or warns about, a value the
 * target refuses — sends that batch back to the row path, which handles it as always.
 */
import type { WriteMode, WriteResult } from './connector.js';
import type { Batch, Checkpoint, Row } from './row.js';

/** The text format both ends must speak for the lane. */
export type CopyTextDialect = 'postgresql-copy-text';

/**
 * How the lines of a batch are encoded within the dialect: as text, or in the system's binary
 * bulk format (PostgreSQL's binary COPY, docs/decisions/0052) when both ends can take it. The
 * lines of a batch are then tuples; nothing but the source's mapper and the target read them.
 */
export type CopyTextFormat = 'text' | 'binary';

/** A column of the lines, as the system's catalog names its type (`numeric(12,2)`). */
export interface CopyTextColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
}

/** Whole lines of COPY text, in order, across one or more buffers. */
export interface CopyTextLines {
  readonly chunks: readonly Buffer[];
  readonly count: number;
  /**
   * Lets the maker of the lines reuse their buffers: called once nothing will read them again
   * (the write is done, or they will not be written). Lines without it are left to the GC.
   */
  readonly release?: () => void;
}

/**
 * How to build one target line from one source line: per target column, in order, either a
 * source field copied byte for byte (`verbatim`), a field of `map`'s output row, or one source
 * field's decoded value passed through `convert` alone (`from`) — the last two encoded for a
 * column of type `type`. `convert` returns undefined when the record must take the row path.
 */
export interface CopyTextPlan {
  readonly output: readonly (
    | { readonly verbatim: string; readonly notNull: boolean }
    | { readonly mapped: string; readonly type: string }
    | { readonly from: string; readonly type: string; readonly convert: (value: unknown) => unknown }
  )[];
  /** Source columns `map` reads: decoded into a row with the source's lossless values. */
  readonly reads: readonly string[];
  /** The mapping (and fit) of the non-verbatim fields; a record it does not pass cleanly sends the batch to the row path. */
  readonly map: (row: Row) => CleanMapOutcome;
}

/** What the lane needs of a mapping's outcome (MapOutcome fits it): the row, and whether it came out clean. */
export type CleanMapOutcome =
  | { readonly ok: true; readonly row: Row; readonly warnings: readonly unknown[] }
  | { readonly ok: false };

/** Lines mapped by a plan, or undefined: some record needs the row path. */
export type CopyTextMapper = (lines: CopyTextLines) => CopyTextLines | undefined;

/** A source that can hand out its batches as COPY text (PostgreSQL with COPY reads). */
export interface CopyTextReader {
  readonly dialect: CopyTextDialect;
  /** The formats it can read in: always text. */
  readonly formats: readonly CopyTextFormat[];
  /** The columns of every line, in order. */
  readonly columns: readonly CopyTextColumn[];
  /** As Source.read, but each batch also carries its lines (`copyText`) and decodes `rows` only when asked. */
  read(from: Checkpoint | undefined, signal: AbortSignal, format?: CopyTextFormat): AsyncIterable<Batch>;
  /**
   * Compiles a plan into a mapper over this source's lines in `format` (text when not given),
   * writing lines of the same format; undefined when the plan cannot be mapped in it.
   */
  compile(plan: CopyTextPlan, format?: CopyTextFormat): CopyTextMapper | undefined;
}

export interface CopyTextWrite {
  /** Target columns of the lines, in order. */
  readonly columns: readonly string[];
  readonly lines: CopyTextLines;
  /** The lines' format: text when not given. */
  readonly format?: CopyTextFormat;
  readonly mode: WriteMode;
  readonly key: readonly string[];
  readonly checkpoint?: Checkpoint | undefined;
}

/** A target that can take COPY text lines as they are. */
export interface CopyTextWriter {
  readonly dialect: CopyTextDialect;
  /** The formats it can write: always text. */
  readonly formats: readonly CopyTextFormat[];
  readonly columns: readonly CopyTextColumn[];
  /**
   * Whether a write may start before the previous one has committed (each on a connection of
   * its own): not when the target commits the checkpoint with the batch, since then the order
   * of the commits is the order of the checkpoints.
   */
  readonly overlaps: boolean;
  /**
   * Writes the lines in one transaction, or nothing and returns undefined when a line's data
   * is refused (the engine then writes the batch through the row path, which singles out the
   * bad records). Throws like Target.write for a failure of the whole batch.
   */
  write(request: CopyTextWrite, signal: AbortSignal): Promise<WriteResult | undefined>;
}
