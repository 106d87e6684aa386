import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { checkDatePattern } from '../check-date-pattern.js';
import { compileDateReader } from '../date-reader.js';
import { isMissing } from '../is-missing.js';
import type { RuleDefinition } from '../rule.js';
import { utc } from '../time-zone.js';
import { datePatternsArg, dateProblem } from '../transforms/format-date.js';

const args = z.strictObject({ pattern: datePatternsArg.default('iso') });

/**
 * The value must be a date: a date value, or text in one of the patterns (the patterns
 * parse-date and format-date read, default iso), so impossible dates such as 2024-02-30 fail.
 */
export const dateRule: RuleDefinition<z.infer<typeof args>> = {
  name: 'date',
  summary: 'The value must be a date: a date value, or text in one of the patterns (default iso).',
  args,
  positional: ['pattern'],
  examples: [
    { step: "date('dd/MM/yyyy')", input: '29/02/2024', passes: true },
    { step: "date('dd/MM/yyyy')", input: '29/02/2023', passes: false },
    { step: 'date', input: '2024-01-05T10:00:00+01:00', passes: true },
  ],
  compile: ({ pattern }) => {
    const patterns = typeof pattern === 'string' ? [pattern] : pattern;
    const problems = patterns.map((p) => checkDatePattern(p, 'from')).filter((p) => p !== undefined);
    if (problems.length > 0) {
      return issue('bad-date-pattern', '', problems.join('; '), {
        hint: "use date-fns patterns such as 'dd/MM/yyyy' or 'yyyy-MM-dd HH:mm', or iso",
      });
    }
    const read = compileDateReader(patterns, utc);
    const tried = patterns.join(', ');
    return function date(value: unknown) {
      if (isMissing(value) || read(value) !== undefined) return undefined;
      return recordIssue('bad-date', '', dateProblem(value, tried));
    };
  },
};
