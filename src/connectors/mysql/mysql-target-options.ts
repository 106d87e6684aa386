import { z } from 'zod';
import { checkpointInTargetOption, sqlTargetModes } from '../sql-target-options.js';

/** The `to:` options and modes of a mysql target (kept apart so the registry loads no driver). */
export const mysqlTargetOptions = z.strictObject({
  table: z.string().min(1).describe('Table to write; it must exist (syncline does not create tables).'),
  checkpointInTarget: checkpointInTargetOption('database'),
});
export type MysqlTargetOptions = z.infer<typeof mysqlTargetOptions>;

export const mysqlTargetModes = sqlTargetModes;
