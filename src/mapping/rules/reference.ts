import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { findTable } from '../find-table.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { suggestName } from '../suggest-name.js';
import { toText } from '../to-text.js';

const args = z.strictObject({
  table: z
    .string()
    .min(1)
    .describe('A table under lookups: (inline or CSV); its keys are the values allowed.'),
  ignoreCase: z.boolean().default(false).describe('Compare without case.'),
});

// Suggesting a close key costs an edit distance per key; beyond this size the hint is skipped.
const maxKeysForSuggestion = 2000;

/**
 * The value must be a key of a named table: a code list, or the keys of another system's table
 * exported to CSV. Tables read live from another system are for the engine to load into
 * lookups: before compiling; the rule sees only the loaded keys.
 */
export const referenceRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'reference',
  summary: "The value must be a key of the named lookups: table (a code list, another system's keys).",
  args,
  positional: ['table'],
  examples: [
    { step: 'reference(genres)', input: 'Rock', passes: true, lookups: { genres: { Rock: 1, Jazz: 2 } } },
    { step: 'reference(genres)', input: 'Polka', passes: false, lookups: { genres: { Rock: 1, Jazz: 2 } } },
  ],
  compile: ({ table: name, ignoreCase }, context) => {
    const found = findTable(name, context);
    if (!found.ok) return found.issue;
    const keys = Object.keys(found.table);
    const fold = ignoreCase ? (key: string) => key.toLowerCase() : (key: string) => key;
    const allowed = new Set(keys.map(fold));
    return function reference(value: unknown) {
      if (isMissing(value)) return undefined;
      const text = toText(value);
      if (text !== undefined && allowed.has(fold(text))) return undefined;
      const near =
        text !== undefined && keys.length <= maxKeysForSuggestion ? suggestName(text, keys) : undefined;
      return recordIssue(
        'unknown-reference',
        '',
        `${showValue(value)} is not a key of lookup table "${name}"`,
        {
          hint: `${near ? `did you mean "${near}"? ` : ''}add it to the table, or fix the value at the source`,
        },
      );
    };
  },
};
