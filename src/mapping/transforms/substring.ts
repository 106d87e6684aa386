import { z } from 'zod';
import { issue } from '../../core/issue.js';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  start: z.number().int().describe('First character kept, counting from 0; negative counts from the end.'),
  end: z
    .number()
    .int()
    .optional()
    .describe('Character after the last one kept (default: to the end); negative counts from the end.'),
});

/**
 * Keeps part of a text, counting characters as people do (Unicode code points), so an emoji or
 * an accented letter is never cut in half. Indexes work like JavaScript's slice.
 */
export const substringTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'substring',
  summary:
    'Keeps the characters from start up to (not including) end; negative positions count from the end.',
  args,
  positional: ['start', 'end'],
  examples: [
    { step: 'substring(0, 3)', input: 'Bjørn Hansen', output: 'Bjø' },
    { step: 'substring(-4)', input: '12227-000', output: '-000' },
  ],
  compile: ({ start, end }) => {
    if (end !== undefined && start >= 0 && end >= 0 && end < start) {
      return issue(
        'bad-step-args',
        '',
        `end ${end} comes before start ${start}, so the result would always be empty`,
      );
    }
    return mapText((text) => {
      // Texts without surrogate pairs have one code unit per code point: slice them directly.
      if (!/[\uD800-\uDFFF]/.test(text)) return text.slice(start, end);
      return Array.from(text).slice(start, end).join('');
    });
  },
};
