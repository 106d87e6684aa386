import { z } from 'zod';
import { checkpointInTargetOption, sqlTargetModes } from '../sql-target-options.js';

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
      'Groups of at least this many rows go through COPY (straight into the table while their keys are new, else into a temporary table); smaller ones as array parameters (default 500).',
    ),
  checkpointInTarget: checkpointInTargetOption('schema'),
  copyText: z
    .boolean()
    .default(true)
    .describe(
      'Take batches from a PostgreSQL source as COPY text, copying unchanged columns byte for byte (the COPY text lane); false: every batch goes through the row path (default true).',
    ),
  copyBinary: z
    .boolean()
    .default(true)
    .describe(
      "Let the COPY text lane travel as binary COPY when the source's columns and the mapped target columns allow it (less work for both servers); false: the lane stays on COPY text (default true).",
    ),
});
export type PostgresTargetOptions = z.infer<typeof postgresTargetOptions>;

export const postgresTargetModes = sqlTargetModes;
