import { z } from 'zod';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  form: z
    .enum(['NFC', 'NFD', 'NFKC', 'NFKD'])
    .default('NFC')
    .describe(
      'NFC (default): composed, as most systems store text; NFKC also folds compatibility forms (ﬁ → fi, ２ → 2); NFD, NFKD: decomposed.',
    ),
});

/**
 * Brings text to one Unicode normal form, so "é" typed as one code point and as "e" + accent
 * compare, count and index the same. Other transforms keep text byte for byte; this one changes
 * the bytes on purpose.
 */
export const normalizeUnicodeTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'normalize-unicode',
  summary: 'Brings text to a Unicode normal form: NFC (default), NFD, NFKC or NFKD.',
  args,
  positional: ['form'],
  examples: [
    { step: 'normalize-unicode', input: 'Gonc\u0327alves', output: 'Gonçalves' },
    { step: 'normalize-unicode(NFKC)', input: 'ﬁle №２', output: 'file No2' },
  ],
  compile: ({ form }) => mapText((text) => text.normalize(form)),
};
