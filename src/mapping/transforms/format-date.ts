import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { checkDatePattern, isNumericDateFormat } from '../check-date-pattern.js';
import { compileDateReader } from '../date-reader.js';
import { compileDateWriter } from '../date-writer.js';
import { showValue } from '../show-value.js';
import { zoneArgument } from '../time-zone.js';
import type { TransformDefinition } from '../transform.js';
import { fastDateReformat } from './fast-date-pattern.js';

const pattern = z.string().min(1);

export const datePatternsArg = z
  .union([pattern, z.array(pattern).min(1)])
  .describe(
    "Pattern(s) tried in order: date-fns patterns ('dd/MM/yyyy'), iso, epoch-s, epoch-ms, excel, excel-1904.",
  );

const args = z.strictObject({
  to: pattern.describe("Pattern written: a date-fns pattern ('yyyy-MM-dd'), iso, epoch-s or epoch-ms."),
  from: datePatternsArg.optional(),
  timezone: z
    .string()
    .min(1)
    .optional()
    .describe('IANA time zone of the wall-clock times read and written (default UTC).'),
  fromTimezone: z
    .string()
    .min(1)
    .optional()
    .describe('IANA time zone of the wall-clock times read, when it differs from timezone.'),
});

/**
 * Reads a date from text (trying the `from` patterns in order), a Date, epoch milliseconds or
 * another numeric format, and writes it with the `to` pattern. Wall-clock times are read and
 * written in `timezone` (UTC by default), so results do not depend on the machine's zone.
 */
export const formatDateTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'format-date',
  summary:
    'Reads a date with the from: pattern(s) (default iso) and writes it with the to: pattern, in the timezone: given (default UTC).',
  args,
  positional: ['to'],
  examples: [
    { step: "format-date(from: 'MM/dd/yyyy', to: 'yyyy-MM-dd')", input: '02/29/2024', output: '2024-02-29' },
    {
      step: "format-date('dd.MM.yyyy HH:mm', timezone: 'Europe/Berlin')",
      input: '2024-07-01T10:00:00Z',
      output: '01.07.2024 12:00',
    },
    { step: "format-date('yyyy-MM-dd', from: excel)", input: 45292, output: '2024-01-01' },
  ],
  compile: ({ to, from = 'iso', timezone, fromTimezone }) => {
    const patterns = typeof from === 'string' ? [from] : from;
    const problems: string[] = [];
    for (const p of patterns) {
      const problem = checkDatePattern(p, 'from');
      if (problem !== undefined) problems.push(problem);
    }
    const toProblem =
      isNumericDateFormat(to) && to.startsWith('excel')
        ? `to pattern "${to}" cannot be written; write epoch-s, epoch-ms, iso or a date-fns pattern`
        : checkDatePattern(to, 'to');
    if (toProblem !== undefined) problems.push(toProblem);
    if (problems.length > 0) {
      return issue('bad-date-pattern', '', problems.join('; '), {
        hint: "use date-fns patterns such as 'dd/MM/yyyy' or 'yyyy-MM-dd HH:mm', or iso",
      });
    }
    const writeZone = zoneArgument(timezone, 'timezone');
    const readZone = fromTimezone === undefined ? writeZone : zoneArgument(fromTimezone, 'fromTimezone');
    const zoneProblems = [writeZone, readZone].filter((zone) => typeof zone === 'string');
    if (typeof writeZone === 'string' || typeof readZone === 'string') {
      return issue('bad-time-zone', '', [...new Set(zoneProblems)].join('; '));
    }
    const read = compileDateReader(patterns, readZone);
    const write = compileDateWriter(to, writeZone);
    const tried = patterns.join(', ');
    // The common case, one numeric pattern to another in UTC, copies digits without a Date.
    const reformat =
      patterns.length === 1 && readZone.isUtc && writeZone.isUtc
        ? fastDateReformat(patterns[0] as string, to)
        : undefined;

    return function formatDate(value: unknown): unknown {
      let date: Date | undefined;
      if (typeof value === 'string') {
        const text = value.trim();
        if (text === '') return null;
        const quick = reformat?.(text);
        if (quick !== undefined) return quick;
        date = read.text(text);
      } else if (value === null || value === undefined) return null;
      else date = read(value);
      if (date !== undefined) return write(date);
      return recordIssue('bad-date', '', dateProblem(value, tried), {
        hint: 'add the pattern the data uses to from:, or fix the value at the source',
      });
    };
  },
};

/** Why a value could not be read as a date; shared with parse-date. */
export function dateProblem(value: unknown, tried: string): string {
  if (typeof value === 'string')
    return `${showValue(value)} matches none of the date patterns tried: ${tried}`;
  if (value instanceof Date) return `${showValue(value)} is not a valid date`;
  if (typeof value === 'number' || typeof value === 'bigint')
    return `${showValue(value)} is not a date in the numeric format of: ${tried}`;
  return `${showValue(value)} is not a date (expected text, a date or a number)`;
}
