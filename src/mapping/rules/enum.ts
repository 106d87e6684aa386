import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { suggestName } from '../suggest-name.js';
import { toText } from '../to-text.js';

const args = z.strictObject({
  values: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1)
    .describe('The values allowed: [active, inactive] (compared as text, so 1 matches "1").'),
  ignoreCase: z.boolean().default(false).describe('Compare without case.'),
});

/** The value must be one of a list, compared as text (so the number 1 matches "1"). */
export const enumRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'enum',
  summary: 'The value must be one of the listed values.',
  args,
  positional: ['values'],
  examples: [
    { step: 'enum([BR, CZ, NO])', input: 'NO', passes: true },
    { step: 'enum([BR, CZ, NO])', input: 'no', passes: false },
    { step: 'enum([BR, CZ, NO], ignoreCase: true)', input: 'no', passes: true },
  ],
  compile: ({ values, ignoreCase }) => {
    const texts = values.map(String);
    const fold = ignoreCase ? (text: string) => text.toLowerCase() : (text: string) => text;
    const allowed = new Set(texts.map(fold));
    if (allowed.size < texts.length)
      return issue('bad-step-args', '', 'values lists the same value twice', {
        hint: 'remove the repeated value',
      });
    const listed =
      texts.length <= 10 ? texts.join(', ') : `${texts.slice(0, 10).join(', ')}, … (${texts.length} in all)`;
    return function oneOf(value: unknown) {
      if (isMissing(value)) return undefined;
      const text = toText(value);
      if (text !== undefined && allowed.has(fold(text))) return undefined;
      const near = text === undefined ? undefined : suggestName(text, texts);
      return recordIssue('not-allowed', '', `${showValue(value)} is not one of ${listed}`, {
        ...(near === undefined ? {} : { hint: `did you mean "${near}"?` }),
      });
    };
  },
};
