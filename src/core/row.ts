/** Records as they travel through a flow. */

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
   * Records the source received but could not turn into a row (a message that is not a JSON
   * object): dead-lettered with what was received, so nothing is lost and the run goes on.
   */
  readonly rejected?: readonly UnreadableRecord[];
}

export interface UnreadableRecord {
  /** What was received, as far as it can be kept (`{ raw: '<text>' }`). */
  readonly payload: Row;
  readonly code: string;
  readonly message: string;
}
