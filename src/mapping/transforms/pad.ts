import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  width: z.number().int().positive().max(10_000).describe('Length to reach, in characters.'),
  char: z
    .string()
    .refine((text) => Array.from(text).length === 1, 'must be one character')
    .default(' ')
    .describe("Character added (default a space); '0' for numbers."),
  side: z.enum(['left', 'right']).default('left').describe('Where characters are added (default left).'),
});

/**
 * Pads text, or a number written as text, to `width` characters (code points). Longer text is
 * left as it is; empty text and null stay as they are, so a missing code does not become
 * "00000".
 */
export const padTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'pad',
  summary: 'Adds char (default a space) on the left (or right) until the text is width characters long.',
  args,
  positional: ['width', 'char'],
  examples: [
    { step: "pad(5, '0')", input: 42, output: '00042' },
    { step: "pad(8, '.', side: right)", input: 'Bjørn', output: 'Bjørn...' },
    { step: "pad(5, '0')", input: '', output: '' },
  ],
  compile: ({ width, char, side }) =>
    function pad(value: unknown): unknown {
      if (value === null || value === undefined || value === '') return value;
      const text = toText(value);
      if (text === undefined || Array.isArray(value))
        return recordIssue('not-text', '', `cannot pad ${showValue(value)}: only text and numbers pad`);
      // A code point is one or two UTF-16 units, so only texts near the width need counting.
      const length = text.length >= width * 2 ? width : Array.from(text).length;
      if (length >= width) return text;
      const fill = char.repeat(width - length);
      return side === 'left' ? fill + text : text + fill;
    },
};
