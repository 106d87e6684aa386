import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';

const args = z.strictObject({
  regex: z.string().min(1).describe('Regular expression (JavaScript syntax, u flag); anchor with ^ and $.'),
  // g and y make RegExp.test stateful (lastIndex), so they are not offered.
  flags: z
    .string()
    .regex(/^[imsuv]*$/, 'flags may be i, m, s, u or v')
    .optional()
    .describe('i: ignore case; m, s, v as in JavaScript.'),
});

/**
 * The value (as text) must match a regular expression, compiled once with the u flag so \p{L}
 * and friends work. Like RegExp.test it searches: anchor with ^ and $ to match the whole value.
 */
export const patternRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'pattern',
  summary:
    'The value must match a regular expression (JavaScript syntax, Unicode-aware; use ^ and $ to anchor).',
  args,
  positional: ['regex'],
  examples: [
    { step: "pattern('^[A-Z]{2}$')", input: 'BR', passes: true },
    { step: "pattern('^\\d{5}(-\\d{3})?$')", input: '12227-000', passes: true },
    { step: "pattern('^\\d{5}$')", input: 'H2G 1A7', passes: false },
  ],
  compile: ({ regex, flags = '' }) => {
    const unicodeFlags = flags.includes('u') || flags.includes('v') ? flags : `${flags}u`;
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex, unicodeFlags);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return issue('bad-pattern', '', `"${regex}" is not a valid regular expression: ${reason}`, {
        hint: 'check brackets and escapes; in YAML, single-quote the whole transform so \\d stays \\d',
      });
    }
    return function pattern(value: unknown) {
      if (isMissing(value)) return undefined;
      const text = toText(value);
      if (text !== undefined && compiled.test(text)) return undefined;
      return recordIssue('pattern-mismatch', '', `${showValue(value)} does not match the pattern ${regex}`);
    };
  },
};
