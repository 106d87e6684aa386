import { z } from 'zod';
import { keyList } from './schema-common.js';

/** The tolerances of a parallel-run compare: what counts as the same value (docs/compare-and-cutover.md). */
const toleranceKeys = {
  ignore: z.boolean().optional().describe('true: the field is not compared at all.'),
  trim: z.boolean().optional().describe('true: leading and trailing spaces do not count.'),
  caseInsensitive: z.boolean().optional().describe('true: "Smith" and "SMITH" are the same.'),
  emptyAsNull: z
    .boolean()
    .optional()
    .describe("true: empty or blank text and null are the same ('' = null)."),
  numericEpsilon: z
    .number()
    .nonnegative()
    .optional()
    .describe('Numbers differing by at most this much are the same (compared as exact decimals).'),
  dates: z
    .enum(['exact', 'instant', 'day'])
    .optional()
    .describe(
      'exact (default): date values compare as written; instant: the same moment in time, whatever the format or offset; day: the same calendar day (UTC).',
    ),
};

export const fieldToleranceSchema = z
  .strictObject(toleranceKeys)
  .describe('Tolerances for one field; they override the compare-wide ones.');

export const compareSchema = z
  .strictObject({
    baseline: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*\.\S+$/, 'write SYSTEM.TABLE, e.g. legacy.clients')
      .optional()
      .describe("The old process's output, as SYSTEM.TABLE (a file name for a files system)."),
    key: keyList
      .optional()
      .describe("Column(s) matching baseline rows to the flow's output (default: to.key)."),
    ignore: z
      .array(z.string().min(1))
      .optional()
      .describe('Fields not compared (audit columns, timestamps).'),
    trim: toleranceKeys.trim,
    caseInsensitive: z
      .union([z.boolean(), z.array(z.string().min(1))])
      .optional()
      .describe('true, or the fields where letter case does not count.'),
    emptyAsNull: toleranceKeys.emptyAsNull,
    numericEpsilon: toleranceKeys.numericEpsilon,
    dates: toleranceKeys.dates,
    fields: z
      .record(z.string().min(1), fieldToleranceSchema)
      .optional()
      .describe('Tolerances per field, overriding the ones above.'),
    cutoverAfter: z
      .number()
      .int()
      .positive()
      .max(100)
      .default(3)
      .describe(
        'How many of the latest compares must be clean before `syncline cutover` moves the flow to live.',
      ),
  })
  .describe(
    'Parallel run: how `syncline compare` matches the flow against the old process, and the cut-over gate.',
  );

export type CompareSpec = z.infer<typeof compareSchema>;
export type FieldTolerance = z.infer<typeof fieldToleranceSchema>;
