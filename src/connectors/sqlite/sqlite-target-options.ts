import { z } from 'zod';
import { sqlTargetModes } from '../sql-target-options.js';

/** The `to:` options and modes of a sqlite target (kept apart so the registry loads no driver). */
export const sqliteTargetOptions = z.strictObject({
  table: z.string().min(1).describe('Table to write; it must exist (syncline does not create tables).'),
});
export type SqliteTargetOptions = z.infer<typeof sqliteTargetOptions>;

/** The SQL targets' modes: mirror upserts each batch, then the engine deletes what the source no longer has (findMissingKeys). */
export const sqliteTargetModes = sqlTargetModes;
