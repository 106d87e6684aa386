import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { lookupTableSchema } from '../../spec/schema.js';
import { findTable } from '../find-table.js';
import { showValue } from '../show-value.js';
import { suggestName } from '../suggest-name.js';
import type { TransformDefinition } from '../transform.js';

const entry = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const args = z.strictObject({
  table: z
    .union([z.string().min(1), lookupTableSchema])
    .describe('A table named under lookups:, or a table written inline: {Germany: DE, France: FR}.'),
  default: entry.optional().describe('Value for a miss; implies unmatched: default.'),
  unmatched: z
    .enum(['issue', 'keep', 'default'])
    .optional()
    .describe('What a miss gives: an issue (without default:), the value unchanged, or default:.'),
  ignoreCase: z.boolean().default(false).describe('Compare keys without case.'),
});

// Suggesting a close key costs an edit distance per key; beyond this size the hint is skipped.
const maxKeysForSuggestion = 2000;

/**
 * Replaces a value by its entry in a table: a named table under the spec's `lookups:`
 * (`lookup(country-codes)`) or an inline one (`lookup({Germany: DE, France: FR})`).
 * Empty values pass unchanged unless the table has an entry for "".
 */
export const lookupTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'lookup',
  summary:
    'Replaces a value by its entry in a lookups: table or an inline table; unmatched: issue (default), keep or default.',
  args,
  positional: ['table'],
  examples: [
    { step: 'lookup({Brazil: BR, Norway: NO})', input: 'Brazil', output: 'BR' },
    { step: "lookup({Brazil: BR}, default: 'XX')", input: 'Atlantis', output: 'XX' },
    { step: 'lookup({brazil: BR}, ignoreCase: true)', input: 'BRAZIL', output: 'BR' },
  ],
  compile: (options, context) => {
    const tableName = typeof options.table === 'string' ? options.table : undefined;
    const found =
      typeof options.table === 'string'
        ? findTable(options.table, context)
        : { ok: true as const, table: options.table };
    if (!found.ok) return found.issue;
    const table = found.table;
    const hasDefault = options.default !== undefined;
    const unmatched = options.unmatched ?? (hasDefault ? 'default' : 'issue');
    if (unmatched === 'default' && !hasDefault) {
      return issue('bad-step-args', '', 'unmatched: default needs a default: value', {
        hint: "add default: 'XX' (or null)",
      });
    }
    if (unmatched !== 'default' && hasDefault) {
      return issue('bad-step-args', '', `default: is never used with unmatched: ${unmatched}`, {
        hint: 'remove default:, or set unmatched: default',
      });
    }

    const fold = options.ignoreCase ? (key: string) => key.toLowerCase() : (key: string) => key;
    const entries = new Map<string, unknown>();
    for (const [key, mapped] of Object.entries(table)) {
      const folded = fold(key);
      if (entries.has(folded)) {
        return issue(
          'bad-lookup-table',
          '',
          `keys that differ only in case collide with ignoreCase: true ("${key}")`,
          {
            hint: 'remove one of them, or drop ignoreCase',
          },
        );
      }
      entries.set(folded, mapped);
    }
    const keys = Object.keys(table);
    const label = tableName === undefined ? 'the lookup table' : `lookup table "${tableName}"`;
    const fallback = options.default;

    return function lookup(value: unknown): unknown {
      if (value === null || value === undefined) return value;
      const key =
        typeof value === 'string' ||
        typeof value === 'number' ||
        typeof value === 'bigint' ||
        typeof value === 'boolean'
          ? String(value)
          : undefined;
      if (key === undefined)
        return recordIssue('not-text', '', `cannot look up ${showValue(value)}: not a text or number`);
      const folded = fold(key);
      if (entries.has(folded)) return entries.get(folded);
      if (key === '') return value;
      if (unmatched === 'keep') return value;
      if (unmatched === 'default') return fallback;
      const suggestion = keys.length <= maxKeysForSuggestion ? suggestName(key, keys) : undefined;
      return recordIssue('lookup-miss', '', `${showValue(value)} is not in ${label}`, {
        hint: `${suggestion ? `did you mean "${suggestion}"? ` : ''}add it to the table, or set default: or unmatched: keep`,
      });
    };
  },
};
