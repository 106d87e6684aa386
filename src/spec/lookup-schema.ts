import { z } from 'zod';
import { name, scalar } from './schema-common.js';

export const lookupTableSchema = z
  .record(z.string(), scalar)
  .describe('A value map used by the lookup transform: { Germany: DE, France: FR }.');

export const lookupFileSchema = z
  .strictObject({
    file: z.string().min(1).describe('CSV file holding the table, relative to the spec.'),
    key: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(2)])
      .describe('Column holding the keys; several columns make a key joined with "@" (currency@date).'),
    value: z.string().min(1).describe('Column holding the values.'),
    delimiter: z
      .string()
      .length(1)
      .optional()
      .describe('Field delimiter (default ","; use ";" for many European exports, "\\t" for TSV).'),
  })
  .describe(
    'A value map read from a CSV file with a header row: { file: countries.csv, key: name, value: code }.',
  );

export const lookupSystemSchema = z
  .strictObject({
    from: z
      .looseObject({ system: name.describe('A system declared under systems:.') })
      .describe("Where the table is read, like a flow's from: ({ system: erp, table: countries })."),
    key: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(2)])
      .describe('Column holding the keys; several columns make a key joined with "@" (currency@date).'),
    value: z.string().min(1).describe('Column holding the values.'),
    maxRows: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .default(200_000)
      .describe('Refuse to load more rows than this (default 200000): a lookup is held in memory.'),
  })
  .describe(
    "A value map read from another system's table when a run starts: { from: { system: erp, table: countries }, key: name, value: code }.",
  );

/** A `lookups:` entry: a table written inline, or read from a CSV file when the spec is loaded. */
export const lookupSchema = z
  .union([
    // An inline table with a `file` key is a file table with a mistake: report the mistake.
    lookupTableSchema.superRefine((table, context) => {
      if (!Object.hasOwn(table, 'file')) return;
      const asFile = lookupFileSchema.safeParse(table);
      for (const problem of asFile.success ? [] : asFile.error.issues) context.addIssue({ ...problem });
      if (asFile.success) context.addIssue({ code: 'custom', message: 'read from a file' });
    }),
    lookupFileSchema,
    lookupSystemSchema,
  ])
  .describe('A value map written inline ({ Germany: DE }) or read from a CSV file ({ file, key, value }).');
