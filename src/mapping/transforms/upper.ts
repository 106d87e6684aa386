import { z } from 'zod';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({});

/** Makes text upper-case (the same on every machine, whatever its locale). Lists are changed item by item; other values pass unchanged. */
export const upperTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'upper',
  summary: 'Makes text upper-case (the same on every machine, whatever its locale).',
  args,
  examples: [{ step: 'upper', input: 'straße', output: 'STRASSE' }],
  compile: () => mapText((text) => text.toUpperCase()),
};
