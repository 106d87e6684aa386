import { z } from 'zod';
import type { WriteMode } from '../core/connector.js';

/** The write modes of the SQL targets; mirror upserts each batch, then the engine deletes what the source no longer has. */
export const sqlTargetModes = [
  'insert',
  'upsert',
  'update',
  'delete',
  'mirror',
] as const satisfies readonly WriteMode[];

/** `to: { checkpointInTarget }` of a SQL target whose checkpoint table lives in its `container`. */
export function checkpointInTargetOption(container: 'database' | 'schema') {
  return z
    .boolean()
    .default(false)
    .describe(
      `Also keep the flow's checkpoint in table syncline_checkpoints of the target's ${container}, written in each batch's transaction, so a crash between the target's commit and the state store's does not repeat the batch (default false).`,
    );
}
