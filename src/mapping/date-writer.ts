import { hasOffsetToken } from './check-date-pattern.js';
import { format } from './lazy-date-fns.js';
import type { TimeZone } from './time-zone.js';
import { fastDateWriter } from './transforms/fast-date-pattern.js';
import { inUtc, UTCDate } from './utc-date.js';

/** Writes an instant as text (or epoch number) in a zone's wall-clock time. */
export type DateWriter = (date: Date) => string | number;

/**
 * A UTCDate whose wall clock is already shifted into a zone, and which tells date-fns the
 * zone's offset, so X/x/O tokens write it (`+02:00`) instead of Z.
 */
class ZonedWallDate extends UTCDate {
  constructor(
    value: number | Date,
    private readonly offsetMinutes: number,
  ) {
    super(value);
  }
  override getTimezoneOffset(): number {
    return -this.offsetMinutes;
  }
}

/** Patterns must have passed checkDatePattern; 'epoch-s' and 'epoch-ms' write numbers. */
export function compileDateWriter(pattern: string, zone: TimeZone): DateWriter {
  if (pattern === 'epoch-ms') return (date) => date.getTime();
  if (pattern === 'epoch-s') return (date) => Math.floor(date.getTime() / 1000);
  if (pattern === 'iso') return zone.isUtc ? (date) => date.toISOString() : (date) => zonedIso(date, zone);
  const fast = fastDateWriter(pattern);
  if (zone.isUtc) {
    const slow = (date: Date) => format(date, pattern, { in: inUtc });
    return fast === undefined ? slow : (date) => fast(date) ?? slow(date);
  }
  const withOffset = hasOffsetToken(pattern);
  return (date) => {
    const offset = zone.offsetAt(date.getTime());
    const wall = new Date(date.getTime() + offset);
    if (!withOffset && fast !== undefined) {
      const text = fast(wall);
      if (text !== undefined) return text;
    }
    const minutes = Math.round(offset / 60_000);
    return format(wall, pattern, { in: (value) => new ZonedWallDate(+value, minutes) });
  };
}

/** ISO-8601 with the zone's offset: 2024-01-05T10:00:00.000+02:00. */
function zonedIso(date: Date, zone: TimeZone): string {
  const offset = zone.offsetAt(date.getTime());
  const wall = new Date(date.getTime() + offset).toISOString().slice(0, -1);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${wall}${sign}${hh}:${mm}`;
}
