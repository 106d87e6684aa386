import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';

const output = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const words = z.array(z.string().min(1)).min(1);

export const defaultTrueWords: readonly string[] = ['true', 'yes', 'y', '1', 'on', 't'];
export const defaultFalseWords: readonly string[] = ['false', 'no', 'n', '0', 'off', 'f'];

const args = z.strictObject({
  true: output.default(true).describe("Value written for true (default true; e.g. 'Y' or 1)."),
  false: output.default(false).describe("Value written for false (default false; e.g. 'N' or 0)."),
  trueWords: words
    .optional()
    .describe(`Text read as true, without case (default ${defaultTrueWords.join(', ')}).`),
  falseWords: words
    .optional()
    .describe(`Text read as false, without case (default ${defaultFalseWords.join(', ')}).`),
});

/**
 * Reads yes/no values in their many spellings and writes the target's own. true/false, 1/0 and
 * the words are accepted (trimmed, any case); anything else is an issue, never a guess.
 */
export const booleanTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'boolean',
  summary: 'Reads yes/no, Y/N, 1/0, true/false, on/off (any case) and writes true/false or the given values.',
  args,
  examples: [
    { step: 'boolean', input: 'Yes', output: true },
    { step: "boolean(true: 'Y', false: 'N')", input: 0, output: 'N' },
    { step: 'boolean(trueWords: [ja, j], falseWords: [nein, n])', input: 'JA', output: true },
  ],
  compile: (options) => {
    const trueWords = (options.trueWords ?? defaultTrueWords).map((word) => word.toLowerCase());
    const falseWords = (options.falseWords ?? defaultFalseWords).map((word) => word.toLowerCase());
    const both = trueWords.find((word) => falseWords.includes(word));
    if (both !== undefined) return issue('bad-step-args', '', `"${both}" is both a true and a false word`);
    const meaning = new Map<string, boolean>([
      ...trueWords.map((word) => [word, true] as const),
      ...falseWords.map((word) => [word, false] as const),
    ]);
    const yes = options.true;
    const no = options.false;
    const accepted = `${trueWords.join('/')} or ${falseWords.join('/')}`;

    return function boolean(value: unknown): unknown {
      if (value === null || value === undefined) return value;
      if (value === true || value === 1 || value === 1n) return yes;
      if (value === false || value === 0 || value === 0n) return no;
      if (typeof value === 'string') {
        const word = value.trim().toLowerCase();
        if (word === '') return null;
        const found = meaning.get(word);
        if (found !== undefined) return found ? yes : no;
      }
      return recordIssue(
        'not-boolean',
        '',
        `${showValue(value)} is not a yes/no value (expected ${accepted})`,
        {
          hint: 'add the spelling to trueWords: or falseWords:',
        },
      );
    };
  },
};
