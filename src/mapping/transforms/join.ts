import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  separator: z.string().default(' ').describe('Text put between the values (default one space).'),
});

/**
 * Joins the values of several source fields (`from: [first, last]`) into one text, skipping
 * the empty ones so "Ada" + null gives "Ada", not "Ada ". Nothing left gives null.
 */
export const joinTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'join',
  summary: 'Joins several values into one text with a separator (default one space), skipping empty ones.',
  args,
  positional: ['separator'],
  examples: [
    { step: "join(' ')", input: ['Luís', null, 'Gonçalves'], output: 'Luís Gonçalves' },
    { step: "join(', ')", input: ['Prague', '', 14700], output: 'Prague, 14700' },
  ],
  compile: ({ separator }) =>
    function join(value: unknown): unknown {
      if (!Array.isArray(value)) return joinOne(value);
      let out: string | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        let text: string | undefined;
        if (typeof item === 'string') {
          if (isBlank(item)) continue;
          text = item;
        } else if (item === null || item === undefined) continue;
        else {
          text = toText(item);
          if (text === undefined) return notText(item);
        }
        out = out === undefined ? text : out + separator + text;
      }
      return out ?? null;
    },
};

/** Empty or only white space; trims only texts that start with a space character. */
function isBlank(text: string): boolean {
  if (text === '') return true;
  const first = text.charCodeAt(0);
  return (first <= 32 || first === 160 || first >= 0x1680) && text.trim() === '';
}

function joinOne(value: unknown): unknown {
  if (isMissing(value)) return null;
  const text = toText(value);
  return text === undefined ? notText(value) : text;
}

function notText(item: unknown) {
  return recordIssue('not-text', '', `cannot join ${showValue(item)}: only text, numbers and dates join`);
}
