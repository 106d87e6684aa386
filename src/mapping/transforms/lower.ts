import { z } from 'zod';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({});

/** Makes text lower-case (the same on every machine, whatever its locale). Lists are changed item by item; other values pass unchanged. */
export const lowerTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'lower',
  summary: 'Makes text lower-case (the same on every machine, whatever its locale).',
  args,
  examples: [{ step: 'lower', input: 'LuisG@Embraer.com.br', output: 'luisg@embraer.com.br' }],
  compile: () => mapText((text) => text.toLowerCase()),
};
