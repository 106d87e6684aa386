import { z } from 'zod';

/** The `from:` options of a mysql source (kept apart so the registry loads no driver). */
export const mysqlSourceOptions = z.strictObject({
  table: z.string().min(1).describe('Table or view to read (names are case-sensitive on most servers).'),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Column that grows with every change (updated_at DATETIME(6), a sequence); makes the flow incremental.',
    ),
  where: z
    .string()
    .min(1)
    .optional()
    .describe(
      'SQL condition rows must meet, e.g. "status <> \'draft\'". It is SQL: keep it in the spec, never in data.',
    ),
});
export type MysqlSourceOptions = z.infer<typeof mysqlSourceOptions>;
