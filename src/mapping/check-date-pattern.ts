import { format, parse } from './lazy-date-fns.js';
import { inUtc, UTCDate } from './utc-date.js';

/** Names a date pattern may be instead of a date-fns pattern. */
export const numericDateFormats = ['epoch-s', 'epoch-ms', 'excel', 'excel-1904'] as const;
export type NumericDateFormat = (typeof numericDateFormats)[number];

export function isNumericDateFormat(pattern: string): pattern is NumericDateFormat {
  return (numericDateFormats as readonly string[]).includes(pattern);
}

// Fills in what a pattern leaves out (the century of `yy`: 1950–2049). Fixed, not today: no clock.
export const referenceDate = new UTCDate(Date.UTC(2000, 0, 1));
const sampleDate = new UTCDate(Date.UTC(2024, 10, 28, 13, 45, 30, 123));

/**
 * Says what is wrong with a pattern, or undefined when date-fns can both write and read it
 * (or it is 'iso' or a numeric format). Week-numbering years (Y) and days of the year (D) are
 * refused before date-fns sees them: they are nearly always a mistake for y and d, and date-fns
 * would log a warning.
 */
export function checkDatePattern(pattern: string, role: 'from' | 'to'): string | undefined {
  if (pattern === 'iso' || isNumericDateFormat(pattern)) return undefined;
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

/** True when a date-fns pattern writes or reads a UTC offset (X, x, O, z outside quotes). */
export function hasOffsetToken(pattern: string): boolean {
  return /[XxOz]/.test(pattern.replace(/'[^']*'?/g, ''));
}
