import { isRecord } from '../core/is-record.js';
import type { Checkpoint, JsonValue } from '../core/row.js';

/**
 * `checkpointInTarget`: a database target keeps each flow's checkpoint in a table of its own,
 * `syncline_checkpoints (flow, seq, checkpoint)`, written in the same transaction as the batch.
 * `seq` counts the batches so checkpointed; the target's position() carries it into the state
 * store with the same batch, so on the next start the two can be compared (decision 0020).
 */
export const checkpointTableName = 'syncline_checkpoints';

export interface TargetCheckpointRow {
  readonly seq: number;
  readonly checkpoint: Checkpoint;
}

/** The position a checkpointing target reports: how many of its batches carried a checkpoint. */
export function checkpointPosition(seq: number): JsonValue {
  return { checkpointSeq: seq };
}

/**
 * The target's checkpoint when it is ahead of the state store's: the process died after the
 * target committed a batch and before the store did. Undefined when the store has no position
 * of this target (a flow's first run, or after `syncline reset`): the store decides then.
 */
export function checkpointAhead(
  row: TargetCheckpointRow | undefined,
  resume: JsonValue | undefined,
): Checkpoint | undefined {
  if (row === undefined || !isRecord(resume) || typeof resume.checkpointSeq !== 'number') return undefined;
  return row.seq > resume.checkpointSeq ? row.checkpoint : undefined;
}
