import { z } from 'zod';
import type { WriteMode } from '../../core/connector.js';

/** The `to:` options and modes of a postgres target (kept apart so the registry loads no driver). */
export const postgresTargetOptions = z.strictObject({
  table: z.string().min(1).describe('Table to write; it must exist (syncline does not create tables).'),
  schema: z
    .string()
    .min(1)
    .optional()
    .describe("The table's schema (default: connection.schema, else the search_path)."),
  bulkThreshold: z
    .number()
    .int()
    .min(1)
    .default(500)
    .describe(
      'Groups of at least this many rows go through COPY into a temporary table; smaller ones as array parameters (default 500).',
    ),
  checkpointInTarget: z
    .boolean()
    .default(false)
    .describe(
      "Also keep the flow's checkpoint in table syncline_checkpoints of the target's schema, written in each batch's transaction, so a crash between the target's commit and the state store's does not repeat the batch (default false).",
    ),
});
export type PostgresTargetOptions = z.infer<typeof postgresTargetOptions>;

/** mirror upserts each batch; the engine then deletes what the source no longer has (findMissingKeys). */
export const postgresTargetModes = [
  'insert',
  'upsert',
  'update',
  'delete',
  'mirror',
] as const satisfies readonly WriteMode[];
