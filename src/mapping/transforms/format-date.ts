import { format, parse, parseISO } from 'date-fns';
import { z } from 'zod';
import { issue, recordIssue } from '../../core/issue.js';
import { showValue } from '../show-value.js';
import type { TransformDefinition } from '../transform.js';
import { inUtc, UTCDate } from '../utc-date.js';
import { fastDateReader, fastDateWriter } from './fast-date-pattern.js';

const pattern = z.string().min(1);

const args = z.strictObject({
  to: pattern,
  from: z.union([pattern, z.array(pattern).min(1)]).optional(),
});

// Fills in what a pattern leaves out (the century of `yy`: 1950–2049). Fixed, not today: no clock.
const referenceDate = new UTCDate(Date.UTC(2000, 0, 1));
const sampleDate = new UTCDate(Date.UTC(2024, 10, 28, 13, 45, 30, 123));

type DateReader = (text: string) => Date;

/**
 * Reads a date from text (trying the `from` patterns in order), a Date, or epoch milliseconds,
 * and writes it with the `to` pattern. Patterns are date-fns patterns ('dd/MM/yyyy') or 'iso'.
 * Everything happens in UTC wall-clock time, so results do not depend on the machine's time zone.
 */
export const formatDateTransform: TransformDefinition<z.infer<typeof args>> = {
  name: 'format-date',
  summary:
    "Reads a date with the from: pattern(s) (default 'iso') and writes it with the to: pattern, in UTC.",
  args,
  positional: ['to'],
  compile: ({ to, from = 'iso' }) => {
    const patterns = typeof from === 'string' ? [from] : from;
    const problems = [...patterns.map((p) => checkPattern(p, 'from')), checkPattern(to, 'to')].filter(
      (problem) => problem !== undefined,
    );
    if (problems.length > 0) {
      return issue('bad-date-pattern', '', problems.join('; '), {
        hint: "use date-fns patterns such as 'dd/MM/yyyy' or 'yyyy-MM-dd HH:mm', or 'iso'",
      });
    }
    const readers = patterns.map(dateReader);
    const write = dateWriter(to);
    const tried = patterns.join(', ');

    return function formatDate(value: unknown): unknown {
      if (value === null || value === undefined) return null;
      let date: Date | undefined;
      if (value instanceof Date) date = value;
      else if (typeof value === 'number') date = new Date(value);
      else if (typeof value === 'string') {
        const text = value.trim();
        if (text === '') return null;
        for (const read of readers) {
          const parsed = read(text);
          if (!Number.isNaN(parsed.getTime())) {
            date = parsed;
            break;
          }
        }
        if (date === undefined) {
          return recordIssue(
            'bad-date',
            '',
            `${showValue(value)} matches none of the date patterns tried: ${tried}`,
            { hint: 'add the pattern the data uses to from:, or fix the value at the source' },
          );
        }
      } else {
        return recordIssue(
          'bad-date',
          '',
          `${showValue(value)} is not a date (expected text, a date or epoch milliseconds)`,
        );
      }
      if (Number.isNaN(date.getTime()))
        return recordIssue('bad-date', '', `${showValue(value)} is not a valid date`);
      return write(date);
    };
  },
};

function dateReader(pattern: string): DateReader {
  if (pattern === 'iso') return (text) => parseISO(text, { in: inUtc });
  const fast = fastDateReader(pattern);
  const slow: DateReader = (text) => parse(text, pattern, referenceDate, { in: inUtc });
  return fast === undefined ? slow : (text) => fast(text) ?? slow(text);
}

function dateWriter(pattern: string): (date: Date) => string {
  if (pattern === 'iso') return (date) => date.toISOString();
  const fast = fastDateWriter(pattern);
  const slow = (date: Date) => format(date, pattern, { in: inUtc });
  return fast === undefined ? slow : (date) => fast(date) ?? slow(date);
}

/**
 * Says what is wrong with a pattern, or undefined when date-fns can both write and read it.
 * Week-numbering years (Y) and days of the year (D) are refused before date-fns sees them:
 * they are nearly always a mistake for y and d, and date-fns would log a warning.
 */
function checkPattern(pattern: string, role: 'from' | 'to'): string | undefined {
  if (pattern === 'iso') return undefined;
  const unquoted = pattern.replace(/'[^']*'?/g, '');
  if (/[YD]/.test(unquoted)) {
    return `${role} pattern "${pattern}" uses Y or D (week-numbering year, day of the year); write yyyy for the year and dd for the day of the month`;
  }
  try {
    // Writing then reading the sample exercises every token, so an invalid one shows up now.
    const text = format(sampleDate, pattern, { in: inUtc });
    parse(text, pattern, referenceDate, { in: inUtc });
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `${role} pattern "${pattern}" is not a valid date pattern: ${reason}`;
  }
}
