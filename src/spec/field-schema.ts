import { z } from 'zod';
import { callList, scalar } from './schema-common.js';

export const onInvalidSchema = z
  .enum(['dead-letter', 'default', 'drop-field', 'warn', 'stop'])
  .describe(
    "dead-letter: keep the record aside with its reason; default: write the field's default: value instead; drop-field: write the record without the field; warn: write it anyway; stop: fail the run. All but dead-letter and stop count a warning.",
  );

export const fieldSchema = z.strictObject({
  from: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe('Source field, or several (their values go to the transform as a list).'),
  to: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .describe('Target field, or several when the transform splits a value (split-name).'),
  value: z
    .union([z.string(), z.number(), z.boolean(), z.null()])
    .optional()
    .describe('A constant instead of a source field.'),
  transform: callList
    .optional()
    .describe('Transforms applied in order: "trim | lower", or a list of steps (see docs/mapping.md).'),
  validate: callList
    .optional()
    .describe('Rules checked on the value written: required, email, max-length(80), ...'),
  onInvalid: onInvalidSchema
    .optional()
    .describe("What to do with a record whose value fails validation (default: the flow's onInvalid)."),
  default: z
    .union([scalar, z.array(scalar).min(1)])
    .optional()
    .describe(
      'Value written instead of an invalid one when onInvalid is default; a list gives one per target field. To fill empty values, use the default(...) transform.',
    ),
  notes: z.string().optional().describe('Why the field maps this way; kept in the mapping sheet.'),
  extra: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      "Further columns of the field's mapping sheet row (owner, status, ...) by header; kept, not run.",
    ),
});
