import { z } from 'zod';

/** The `from:` options of a postgres source (kept apart so the registry loads no driver). */
export const postgresSourceOptions = z
  .strictObject({
    table: z.string().min(1).optional().describe('Table or view to read (or give query).'),
    schema: z
      .string()
      .min(1)
      .optional()
      .describe("The table's schema (default: connection.schema, else the search_path)."),
    query: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A SELECT to read instead of a table; it runs as a subquery, and key: must name unique columns of it.',
      ),
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
    copy: z
      .boolean()
      .default(true)
      .describe(
        'Read through one COPY (SELECT …) TO STDOUT per read, parsed into the same values (default true); false pages by keyset queries or a cursor.',
      ),
  })
  .refine((o) => (o.table === undefined) !== (o.query === undefined), {
    message: 'give either table or query',
  });
export type PostgresSourceOptions = z.infer<typeof postgresSourceOptions>;
