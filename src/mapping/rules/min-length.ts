import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';

const args = z.strictObject({
  min: z.number().int().positive().describe('Fewest characters (Unicode code points).'),
});

/**
 * Text must have at least `min` characters as people count them (code points). Missing values
 * pass, as with every rule but required: `[required, min-length(2)]` refuses both.
 */
export const minLengthRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'min-length',
  summary: 'Text must have at least this many characters (Unicode code points).',
  args,
  positional: ['min'],
  examples: [
    { step: 'min-length(2)', input: 'Bø', passes: true },
    { step: 'min-length(5)', input: 'Dan', passes: false },
  ],
  compile: ({ min }) =>
    function minLength(value: unknown) {
      if (isMissing(value)) return undefined;
      const text = toText(value);
      if (text === undefined) return undefined;
      // A code point is at most two UTF-16 units: long texts need no count.
      if (text.length >= min * 2) return undefined;
      const length = Array.from(text).length;
      if (length >= min) return undefined;
      return recordIssue(
        'too-short',
        '',
        `${showValue(value)} has ${length} character${length === 1 ? '' : 's'}, fewer than min-length ${min}`,
      );
    },
};
