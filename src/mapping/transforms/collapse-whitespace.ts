import { z } from 'zod';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  trim: z.boolean().default(true).describe('Also remove the spaces at both ends (default true).'),
});

// \s covers tabs, line breaks, no-break and other Unicode spaces; zero-width ones are not spaces.
const runs = /\s+/g;

/** Turns every run of white space (tabs, line breaks, no-break spaces) into one space. */
export const collapseWhitespaceTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'collapse-whitespace',
  summary: 'Turns every run of spaces, tabs, line breaks and no-break spaces into one space, and trims.',
  args,
  examples: [
    {
      step: 'collapse-whitespace',
      input: '  Johannes \t Van der\u00a0Berg\n',
      output: 'Johannes Van der Berg',
    },
    { step: 'collapse-whitespace(trim: false)', input: ' a  b ', output: ' a b ' },
  ],
  compile: ({ trim }) =>
    trim ? mapText((text) => text.replace(runs, ' ').trim()) : mapText((text) => text.replace(runs, ' ')),
};
