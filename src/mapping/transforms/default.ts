import { z } from 'zod';
import { isMissing } from '../is-missing.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).describe('Value used when there is none.'),
});

/** Fills in a value when there is none (null, absent, empty or only spaces). */
export const defaultTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'default',
  summary: 'Uses the given value when there is none (null, empty or only spaces).',
  args,
  positional: ['value'],
  examples: [
    { step: "default('n/a')", input: '  ', output: 'n/a' },
    { step: 'default(0)', input: 12, output: 12 },
  ],
  compile: ({ value: fallback }) =>
    function applyDefault(value: unknown): unknown {
      return isMissing(value) ? fallback : value;
    },
};
