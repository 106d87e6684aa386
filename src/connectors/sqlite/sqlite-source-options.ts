import { z } from 'zod';

/** The `from:` options of a sqlite source (kept apart so the registry loads no driver). */
export const sqliteSourceOptions = z.strictObject({
  table: z.string().min(1).describe('Table or view to read.'),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe('Column that grows with every change (updated_at, a sequence); makes the flow incremental.'),
  where: z
    .string()
    .min(1)
    .optional()
    .describe(
      'SQL condition rows must meet, e.g. "status <> \'draft\'". It is SQL: keep it in the spec, never in data.',
    ),
});
export type SqliteSourceOptions = z.infer<typeof sqliteSourceOptions>;
