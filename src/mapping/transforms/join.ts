import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  separator: z.string().default(' '),
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
  compile: ({ separator }) =>
    function join(value: unknown): unknown {
      const items = Array.isArray(value) ? value : [value];
      const parts: string[] = [];
      for (const item of items) {
        if (isMissing(item)) continue;
        const text = toText(item);
        if (text === undefined) {
          return recordIssue(
            'not-text',
            '',
            `cannot join ${showValue(item)}: only text, numbers and dates join`,
          );
        }
        parts.push(text);
      }
      return parts.length === 0 ? null : parts.join(separator);
    },
};
