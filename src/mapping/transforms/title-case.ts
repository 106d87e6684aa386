import { z } from 'zod';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  lowerRest: z
    .boolean()
    .default(true)
    .describe('Lower-case the rest of each word (default true); false keeps "McDonald" and "IBM".'),
});

// A letter starts a word after anything that is not a letter, digit or combining mark...
const wordStart = /(^|[^\p{L}\p{N}\p{M}])(\p{L})/gu;
// ...except after an apostrophe that follows more than one letter: "don't", not "O'Reilly".
const afterLongApostrophe = /\p{L}\p{M}*\p{L}\p{M}*['’]$/u;

/**
 * Upper-cases the first letter of every word. Words start after spaces, hyphens and other
 * punctuation, and after the apostrophe of a one-letter prefix (O'Reilly, d'Ávila), but not
 * inside contractions (Don't). Case mapping is Unicode's, independent of the machine's locale.
 */
export const titleCaseTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'title-case',
  summary: 'Upper-cases the first letter of every word and lower-cases the rest (unless lowerRest: false).',
  args,
  examples: [
    { step: 'title-case', input: 'LUÍS GONÇALVES', output: 'Luís Gonçalves' },
    { step: 'title-case', input: "hugh o'reilly-smith", output: "Hugh O'Reilly-Smith" },
    { step: 'title-case(lowerRest: false)', input: 'mary McDonald', output: 'Mary McDonald' },
  ],
  compile: ({ lowerRest }) => mapText((text) => titleCase(lowerRest ? text.toLowerCase() : text)),
};

export function titleCase(text: string): string {
  return text.replace(wordStart, upperWordStart);
}

// A module-level replacer (it gets the whole text as its last argument): no closure per value.
function upperWordStart(
  match: string,
  before: string,
  letter: string,
  offset: number,
  whole: string,
): string {
  if ((before === "'" || before === '’') && afterLongApostrophe.test(whole.slice(0, offset + before.length)))
    return match;
  return before + letter.toUpperCase();
}
