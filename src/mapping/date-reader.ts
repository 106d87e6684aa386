import {
  hasOffsetToken,
  isNumericDateFormat,
  type NumericDateFormat,
  referenceDate,
} from './check-date-pattern.js';
import { excelSerialToWall } from './excel-serial.js';
import { parse, parseISO } from './lazy-date-fns.js';
import type { TimeZone } from './time-zone.js';
import { fastDateReader } from './transforms/fast-date-pattern.js';
import { inUtc } from './utc-date.js';

/**
 * Reads a date from a value, or undefined when no pattern fits. A Date passes as it is; a
 * number (or numeric text) is read by the first numeric format listed (epoch-s, epoch-ms,
 * excel, excel-1904; epoch milliseconds when none is); text is read by the patterns in order.
 * Wall-clock times (text without an offset, Excel serials) are in `zone`.
 */
export interface DateReader {
  (value: unknown): Date | undefined;
  /** The same for text already trimmed, so a caller that trimmed it does not pay twice. */
  readonly text: (trimmed: string) => Date | undefined;
}

const numericText = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Patterns must have passed checkDatePattern. */
export function compileDateReader(patterns: readonly string[], zone: TimeZone): DateReader {
  const textReaders = patterns.map((pattern) => textReader(pattern, zone));
  const numeric = patterns.find(isNumericDateFormat);
  const readNumber = numberReader(numeric ?? 'epoch-ms', zone);
  const count = textReaders.length;
  const only = count === 1 ? textReaders[0] : undefined;

  const readText =
    only ??
    ((text: string): Date | undefined => {
      for (let i = 0; i < count; i++) {
        const date = (textReaders[i] as (text: string) => Date | undefined)(text);
        if (date !== undefined) return date;
      }
      return undefined;
    });
  const readDate = (value: unknown): Date | undefined => {
    if (typeof value === 'string') return readText(value.trim());
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
    if (typeof value === 'number') return readNumber(value);
    if (typeof value === 'bigint') return readNumber(Number(value));
    return undefined;
  };
  return Object.assign(readDate, { text: readText });
}

function numberReader(format: NumericDateFormat, zone: TimeZone): (value: number) => Date | undefined {
  const valid = (ms: number | undefined) => {
    if (ms === undefined || !Number.isFinite(ms)) return undefined;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
  switch (format) {
    case 'epoch-ms':
      return (value) => valid(value);
    case 'epoch-s':
      return (value) => valid(Math.round(value * 1000));
    case 'excel':
    case 'excel-1904': {
      const system = format === 'excel' ? 1900 : 1904;
      return (value) => {
        const wall = excelSerialToWall(value, system);
        return wall === undefined ? undefined : valid(zone.toInstant(wall));
      };
    }
  }
}

function textReader(pattern: string, zone: TimeZone): (text: string) => Date | undefined {
  if (isNumericDateFormat(pattern)) {
    const read = numberReader(pattern, zone);
    return (text) => (numericText.test(text) ? read(Number(text)) : undefined);
  }
  const checked = (date: Date) => (Number.isNaN(date.getTime()) ? undefined : date);
  if (pattern === 'iso') {
    if (zone.isUtc) return (text) => checked(parseISO(text, { in: inUtc }));
    return (text) => {
      const date = checked(parseISO(text, { in: inUtc }));
      if (date === undefined || hasIsoOffset(text)) return date;
      return new Date(zone.toInstant(date.getTime()));
    };
  }
  const fast = fastDateReader(pattern);
  const slow = (text: string) => checked(parse(text, pattern, referenceDate, { in: inUtc }));
  const wallClock = fast === undefined ? slow : (text: string) => fast(text) ?? slow(text);
  if (zone.isUtc || hasOffsetToken(pattern)) return wallClock;
  return (text) => {
    const date = wallClock(text);
    return date === undefined ? undefined : new Date(zone.toInstant(date.getTime()));
  };
}

// An offset only counts after a time: the "-05" of "2024-01-05" is the day.
function hasIsoOffset(text: string): boolean {
  return /[T\s]\d{2}(?::?\d{2}){0,2}(?:[.,]\d+)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text);
}
