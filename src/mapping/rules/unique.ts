import { z } from 'zod';
import { recordIssue } from '../../core/issue.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { showValue } from '../show-value.js';
import { toText } from '../to-text.js';

const args = z.strictObject({
  ignoreCase: z.boolean().default(false).describe('Compare without case ("A@X.COM" repeats "a@x.com").'),
});

/**
 * No two records of one run may have the same value (compared as text). A value is taken only
 * by a record that is written: a record sent to the dead letters for another problem does not
 * block the next one with the same value. The values seen live in the compiled mapper, so they
 * last one run: compileMapping gives a fresh mapper, and forRun() one per later run. Memory
 * grows with the distinct values of a run (about 100 bytes each).
 */
export const uniqueRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'unique',
  summary: 'No two records of one run may have the same value.',
  args,
  examples: [{ step: 'unique', input: 'luisg@embraer.com.br', passes: true }],
  compile: ({ ignoreCase }, { onRecordDone }) => {
    const seen = new Set<string>();
    const pending: string[] = [];
    onRecordDone?.({
      commit() {
        for (const key of pending) seen.add(key);
        pending.length = 0;
      },
      discard() {
        pending.length = 0;
      },
    });
    return function unique(value: unknown) {
      if (isMissing(value)) return undefined;
      const text = toText(value);
      if (text === undefined) return undefined;
      const key = ignoreCase ? text.toLowerCase() : text;
      if (seen.has(key) || pending.includes(key))
        return recordIssue('duplicate', '', `${showValue(value)} already appeared in this run`, {
          hint: 'find the other record with this value; deduplicate at the source, or drop unique if repeats are fine',
        });
      if (onRecordDone === undefined) seen.add(key);
      else pending.push(key);
      return undefined;
    };
  },
};
