import type { ColumnRange } from '../../core/column-range.js';
import { IntegrationError } from '../../core/integration-error.js';

/**
 * Cuts [min, max] of a column into consecutive chunks of about `chunk` rows each, given how
 * many rows there are. Chunks are half-open [from, to) and the last one ends at max
 * inclusive, so every row lies in exactly one chunk; a chunk may turn out empty or larger
 * where values cluster, which only changes how long it takes. Pure.
 */

/** Integer keys: equal widths of key values, sized so a dense key gives `chunk` rows per chunk. */
export function splitKeyRange(
  column: string,
  min: unknown,
  max: unknown,
  count: number,
  chunk: number,
): ColumnRange[] {
  const low = toInteger(min, column);
  const high = toInteger(max, column);
  const span = high - low + 1n;
  const width = maxOf(1n, ceilDiv(span * BigInt(chunk), BigInt(Math.max(count, 1))));
  const ranges: ColumnRange[] = [];
  for (let from = low; from <= high; from += width) {
    const to = from + width;
    ranges.push(
      to > high
        ? { column, from: plain(from), to: plain(high), includesTo: true }
        : { column, from: plain(from), to: plain(to) },
    );
  }
  return ranges;
}

/** Dates or timestamps (and other numbers): `ceil(count / chunk)` equal spans of time. */
export function splitTimeRange(
  column: string,
  min: unknown,
  max: unknown,
  count: number,
  chunk: number,
): ColumnRange[] {
  const low = toTime(min, column);
  const high = toTime(max, column);
  const parts = Math.max(1, Math.ceil(count / chunk));
  const step = (high - low) / parts;
  const ranges: ColumnRange[] = [];
  let from: unknown = min;
  for (let i = 1; i < parts; i++) {
    const boundary = like(min, low + step * i);
    ranges.push({ column, from, to: boundary });
    from = boundary;
  }
  ranges.push({ column, from, to: max, includesTo: true });
  return ranges;
}

/** An integer key value as a bigint, from a number, a bigint or digits (PostgreSQL's int8 text). */
export function isIntegerValue(value: unknown): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value === 'number') return Number.isSafeInteger(value);
  return typeof value === 'string' && /^-?\d{1,30}$/.test(value);
}

function toInteger(value: unknown, column: string): bigint {
  if (!isIntegerValue(value)) throw notSplittable(column, value, 'an integer');
  return BigInt(value as string | number | bigint);
}

function toTime(value: unknown, column: string): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const time =
    typeof value === 'string'
      ? Date.parse(value.includes('T') || value.length <= 10 ? value : value.replace(' ', 'T'))
      : Number.NaN;
  if (Number.isNaN(time)) throw notSplittable(column, value, 'a date, a timestamp or a number');
  return time;
}

/** A boundary in the form of the column's own values, so the database compares like with like. */
function like(sample: unknown, time: number): unknown {
  if (sample instanceof Date) return new Date(Math.round(time));
  if (typeof sample === 'number') return time;
  if (typeof sample === 'bigint') return BigInt(Math.round(time));
  const text = sample as string;
  const iso = new Date(Math.round(time)).toISOString();
  if (/^\d{4}-\d\d-\d\d$/.test(text)) return iso.slice(0, 10);
  // "2009-01-01 00:00:00" stays in that shape; a zone or an offset keeps the full ISO form.
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(text);
  return hasZone ? iso : `${iso.slice(0, 10)}${text[10] ?? 'T'}${iso.slice(11, 23)}`;
}

function plain(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function notSplittable(column: string, value: unknown, wanted: string): IntegrationError {
  return new IntegrationError(
    `backfill: column "${column}" holds ${JSON.stringify(String(value))}, not ${wanted}, so it cannot be cut into chunks`,
    {
      kind: 'config',
      code: 'backfill-unsplittable',
      stage: 'read',
      hint: "give the flow's from: an integer key (key: id) or a date cursor (cursor: updated_at)",
    },
  );
}
