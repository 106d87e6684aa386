import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';

const args = z.strictObject({
  max: z.number().int().nonnegative().describe('Most characters (Unicode code points).'),
});

/**
 * Limits the length of text in characters as people count them (Unicode code points), so
 * "Gonçalves" is 9 and an emoji is 1, not the 2 UTF-16 units JavaScript's length says.
 */
export const maxLengthRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'max-length',
  summary: 'Text may have at most this many characters (Unicode code points).',
  args,
  positional: ['max'],
  examples: [
    { step: 'max-length(9)', input: 'Gonçalves', passes: true },
    { step: 'max-length(3)', input: 'Bjørn', passes: false },
  ],
  compile: ({ max }) =>
    function maxLength(value: unknown) {
      if (isMissing(value)) return undefined;
      const text = toText(value);
      if (text === undefined) return undefined;
      // UTF-16 length is an upper bound of the code point count: most values skip the count.
      if (text.length <= max) return undefined;
      const length = countCodePoints(text);
      if (length <= max) return undefined;
      return recordIssue(
        'too-long',
        '',
        `${showValue(value)} has ${length} characters, more than max-length ${max}`,
        {
          hint: 'shorten the value at the source, or raise the limit if the target allows it',
        },
      );
    },
};

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
