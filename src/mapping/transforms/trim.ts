import { z } from 'zod';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({});

/** Removes spaces at both ends of text. Lists are changed item by item; other values pass unchanged. */
export const trimTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'trim',
  summary: 'Removes spaces at both ends of text.',
  args,
  examples: [{ step: 'trim', input: '  Bjørn Hansen \n', output: 'Bjørn Hansen' }],
  compile: () => mapText((text) => text.trim()),
};
