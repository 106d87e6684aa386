import { z } from 'zod';
import { graphemes } from '../../core/graphemes.js';
import { issue } from '../../core/issue.js';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  max: z.number().int().positive().describe('Most characters kept, the marker included.'),
  marker: z
    .string()
    .default('')
    .describe("Text that ends a shortened value, e.g. '…' or '...' (default none)."),
});

/**
 * Shortens text to at most `max` characters (Unicode code points, the unit max-length and most
 * databases count), ending it with `marker` when it was shortened. The cut never splits a
 * character people see as one: an accent written separately, a flag, a family emoji.
 */
export const truncateTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'truncate',
  summary: 'Shortens text to at most max characters, ending it with marker when shortened.',
  args,
  positional: ['max', 'marker'],
  examples: [
    { step: "truncate(12, marker: '...')", input: 'Embraer - Empresa Brasileira', output: 'Embraer -...' },
    { step: 'truncate(5)', input: 'Gonçalves', output: 'Gonça' },
    { step: 'truncate(5)', input: 'Bjørn', output: 'Bjørn' },
  ],
  compile: ({ max, marker }) => {
    const markerLength = Array.from(marker).length;
    if (markerLength >= max) {
      return issue(
        'bad-step-args',
        '',
        `the marker has ${markerLength} characters, as many as max ${max} or more`,
        {
          hint: 'raise max or shorten the marker',
        },
      );
    }
    const keep = max - markerLength;
    return mapText((text) => {
      // UTF-16 length is an upper bound of the code point count: most values skip the count.
      if (text.length <= max) return text;
      const points = Array.from(text);
      if (points.length <= max) return text;
      return cutAtGrapheme(text, keep) + marker;
    });
  },
};

/** The longest start of `text` of at most `limit` code points that ends between graphemes. */
function cutAtGrapheme(text: string, limit: number): string {
  let points = 0;
  let end = 0;
  for (const { segment, index } of graphemes().segment(text)) {
    const size = Array.from(segment).length;
    if (points + size > limit) break;
    points += size;
    end = index + segment.length;
  }
  return text.slice(0, end);
}
