import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { decimalString, roundingModes, roundNumber, toDecimal } from '../exact-decimal.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  places: z.number().int().min(0).max(20).default(0).describe('Decimal places kept (default 0).'),
  mode: z
    .enum(['half-up', 'half-even'])
    .default('half-up')
    .describe("half-up (default): 2.675 → 2.68, -2.5 → -3; half-even (banker's): 2.665 → 2.66, 2.5 → 2."),
});

/**
 * Rounds exactly, in decimal: a number is rounded as it is written (2.675 is 2.675, not the
 * binary 2.67499999... that makes Math.round and toFixed give 2.67). A number stays a number;
 * decimal text stays text and always shows `places` decimals ("12.5" → "12.50").
 */
export const roundTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'round',
  summary: 'Rounds a number, or decimal text, to places decimals (half-up or half-even), exactly.',
  args,
  positional: ['places'],
  examples: [
    { step: 'round(2)', input: 2.675, output: 2.68 },
    { step: 'round(2, mode: half-even)', input: '0.125', output: '0.12' },
    { step: 'round(2)', input: '1.5', output: '1.50' },
  ],
  compile: ({ places, mode }) => {
    const rounding = roundingModes[mode];
    return function round(value: unknown): unknown {
      if (value === null || value === undefined || typeof value === 'bigint') return value;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return notNumber(value);
        return roundNumber(value, places, mode);
      }
      if (typeof value === 'string') {
        if (value.trim() === '') return null;
        const exact = toDecimal(value);
        if (exact === undefined) return notNumber(value);
        return decimalString(exact.toDecimalPlaces(places, rounding), places);
      }
      return notNumber(value);
    };
  },
};

function notNumber(value: unknown) {
  return recordIssue('not-a-number', '', `cannot round ${showValue(value)}: not a number`, {
    hint: "read formatted numbers with parse-number first (parse-number(decimal: ','))",
  });
}
