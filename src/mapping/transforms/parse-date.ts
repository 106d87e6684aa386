import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { checkDatePattern } from '../check-date-pattern.js';
import { compileDateReader } from '../date-reader.js';
import { zoneArgument } from '../time-zone.js';
import type { TransformDefinition } from '../transform.js';
import { datePatternsArg, dateProblem } from './format-date.js';

const args = z.strictObject({
  from: datePatternsArg.default('iso'),
  timezone: z
    .string()
    .min(1)
    .optional()
    .describe('IANA time zone of wall-clock times without an offset (default UTC).'),
});

/**
 * Reads a date into a Date (an instant), for targets with a date or timestamp column and for
 * rules such as range. Text and numbers are read as format-date reads them.
 */
export const parseDateTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'parse-date',
  summary:
    'Reads a date (text with the from: patterns in order, epoch seconds or milliseconds, Excel serial) into a date value.',
  args,
  positional: ['from'],
  examples: [
    {
      step: "parse-date(['dd/MM/yyyy', 'yyyy-MM-dd'])",
      input: '31/12/2023',
      output: new Date(Date.UTC(2023, 11, 31)),
    },
    {
      step: "parse-date('yyyy-MM-dd HH:mm', timezone: 'America/Sao_Paulo')",
      input: '2024-01-05 09:00',
      output: new Date(Date.UTC(2024, 0, 5, 12)),
    },
    { step: 'parse-date(epoch-s)', input: 1704067200, output: new Date(Date.UTC(2024, 0, 1)) },
    { step: 'parse-date(excel)', input: '45292.5', output: new Date(Date.UTC(2024, 0, 1, 12)) },
  ],
  compile: ({ from, timezone }) => {
    const patterns = typeof from === 'string' ? [from] : from;
    const problems = patterns.map((p) => checkDatePattern(p, 'from')).filter((p) => p !== undefined);
    if (problems.length > 0) {
      return issue('bad-date-pattern', '', problems.join('; '), {
        hint: "use date-fns patterns such as 'dd/MM/yyyy' or 'yyyy-MM-dd HH:mm', or iso",
      });
    }
    const zone = zoneArgument(timezone, 'timezone');
    if (typeof zone === 'string') return issue('bad-time-zone', '', zone);
    const read = compileDateReader(patterns, zone);
    const tried = patterns.join(', ');

    return function parseDate(value: unknown): unknown {
      let date: Date | undefined;
      if (typeof value === 'string') {
        const text = value.trim();
        if (text === '') return null;
        date = read.text(text);
      } else if (value === null || value === undefined) return null;
      else date = read(value);
      if (date !== undefined) return date;
      return recordIssue('bad-date', '', dateProblem(value, tried), {
        hint: 'add the pattern the data uses to from:, or fix the value at the source',
      });
    };
  },
};
