import { z } from 'zod';
import type { WriteMode } from '../../core/connector.js';

/** The `to:` options and modes of a mysql target (kept apart so the registry loads no driver). */
export const mysqlTargetOptions = z.strictObject({
  table: z.string().min(1).describe('Table to write; it must exist (syncline does not create tables).'),
  checkpointInTarget: z
    .boolean()
    .default(false)
    .describe(
      "Also keep the flow's checkpoint in table syncline_checkpoints of the target's database, written in each batch's transaction, so a crash between the target's commit and the state store's does not repeat the batch (default false).",
    ),
});
export type MysqlTargetOptions = z.infer<typeof mysqlTargetOptions>;

/** mirror upserts each batch; the engine then deletes what the source no longer has (findMissingKeys). */
export const mysqlTargetModes = [
  'insert',
  'upsert',
  'update',
  'delete',
  'mirror',
] as const satisfies readonly WriteMode[];
