import { z } from 'zod';
import { issue } from '../../core/issue.js';
import { mapText } from '../map-text.js';
import type { TransformDefinition } from '../transform.js';

const args = z.strictObject({
  pattern: z.string().min(1).describe('Regular expression (JavaScript syntax, Unicode-aware) to find.'),
  with: z
    .string()
    .default('')
    .describe('Replacement text (default nothing); $1, $<name> insert captured groups, $$ a dollar sign.'),
  flags: z
    .string()
    .regex(/^[imsv]*$/, 'flags may be i, m, s or v')
    .optional()
    .describe('i: ignore case; m: ^ and $ match at line breaks; s: . matches line breaks.'),
  first: z.boolean().default(false).describe('Replace the first match only (default: every match).'),
});

/**
 * Replaces every match of a regular expression, compiled once when the mapping compiles (a bad
 * expression is a compile issue). Always Unicode-aware (u flag), so \p{L} and emoji work.
 */
export const replaceTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'replace',
  summary: 'Replaces every match of a regular expression with the with: text ($1 inserts a group).',
  args,
  positional: ['pattern', 'with'],
  examples: [
    { step: "replace('[^0-9+]', '')", input: '+55 (12) 3923-5555', output: '+551239235555' },
    { step: "replace('^(\\p{L}+), (\\p{L}+)$', '$2 $1')", input: 'Hansen, Bjørn', output: 'Bjørn Hansen' },
    { step: "replace('gmbh', 'GmbH', flags: i)", input: 'Köhler Gmbh', output: 'Köhler GmbH' },
  ],
  compile: ({ pattern, with: replacement, flags = '', first }) => {
    const unicodeFlags = flags.includes('v') ? flags : `${flags}u`;
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, first ? unicodeFlags : `${unicodeFlags}g`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return issue('bad-pattern', '', `"${pattern}" is not a valid regular expression: ${reason}`, {
        hint: 'check brackets and escapes; in YAML, single-quote the whole transform so \\d stays \\d',
      });
    }
    // replace() with a g regex resets lastIndex itself, so sharing one RegExp is safe.
    return mapText((text) => text.replace(regex, replacement));
  },
};
