/** Records as they travel through a flow. */

import type { CopyTextLines } from './copy-text.js';
import type { Issue } from './issue.js';

/** JSON-compatible value; checkpoints and stored payloads are made of these. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** One record. Values keep their driver types (string, number, bigint, Uint8Array, null). */
export type Row = Readonly<Record<string, unknown>>;

/**
 * Opaque position owned by a source (cursor value + key, file + line, stream sequence).
 * The engine stores it and hands it back; only the source reads it.
 */
export type Checkpoint = JsonValue;

/** A bounded group of rows and the position reached once they are all handled. */
export interface Batch {
  readonly rows: readonly Row[];
  readonly checkpoint: Checkpoint;
  /**
   * Records the source could not turn into rows (a JSON line that does not parse), as values:
   * the engine dead-letters them with the batch instead of failing the run.
   */
  readonly rejected?: readonly SourceReject[];
  /** Things the source noticed and the run log should show (a guessed encoding, say). */
  readonly warnings?: readonly string[];
  /**
   * Bytes the source read for these rows (COPY text, file bytes), when it counts them: the
   * engine's batch memory budget uses it instead of sampling rows (engine/estimate-batch-bytes.ts).
   */
  readonly bytes?: number;
  /**
   * The batch as the COPY text lines it was read from, when read through CopyTextReader.read:
   * `rows` is then decoded from them on first use (core/copy-text.ts).
   */
  readonly copyText?: CopyTextLines;
}

/** A record a source could not read: what there is of it (file, line, text) and why. */
export interface SourceReject {
  readonly record: Row;
  readonly issue: Issue;
}

/** Rows in a batch, without decoding a COPY text batch's rows (core/copy-text.ts). */
export function rowCount(batch: Batch): number {
  return batch.copyText?.count ?? batch.rows.length;
}
