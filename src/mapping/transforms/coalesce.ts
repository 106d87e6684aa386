import { z } from 'zod';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  default: z
    .union([z.string(), z.number(), z.boolean(), z.null()])
    .default(null)
    .describe('Value when every one is missing (default null).'),
  skipEmpty: z
    .boolean()
    .default(true)
    .describe('Count empty and blank text as missing (default true); false keeps "" as a value.'),
});

/**
 * The first value that is there, from several source fields (`from: [mobile, phone, fax]`):
 * null counts as missing, and so does empty or blank text unless skipEmpty: false.
 */
export const coalesceTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'coalesce',
  summary: 'Takes the first value that is not missing from several source fields, or default.',
  args,
  examples: [
    { step: 'coalesce', input: [null, '', '+47 22 44 22 22'], output: '+47 22 44 22 22' },
    { step: "coalesce(default: 'unknown')", input: [null, '  '], output: 'unknown' },
    { step: 'coalesce(skipEmpty: false)', input: [null, '', 'x'], output: '' },
  ],
  compile: ({ default: fallback, skipEmpty }) => {
    const isMissing = skipEmpty
      ? (item: unknown) =>
          item === null || item === undefined || (typeof item === 'string' && item.trim() === '')
      : (item: unknown) => item === null || item === undefined;
    return function coalesce(value: unknown): unknown {
      if (!Array.isArray(value)) return isMissing(value) ? fallback : value;
      for (const item of value) if (!isMissing(item)) return item;
      return fallback;
    };
  },
};
