import { toDecimal } from '../mapping/exact-decimal.js';
import type { Tolerance } from './tolerance.js';

/**
 * Whether the new flow's value and the old process's value are the same within a field's
 * tolerance. Lossless: numbers compare as exact decimals (0.1 + 0.2 is not 0.3 by accident),
 * instants to the nanosecond, text code unit by code unit after the tolerated normalisation.
 * Numbers are compared as numbers when either side is a number (drivers differ in what they
 * hand back), but two texts stay texts unless the field has a numeric epsilon: "007" is not "7".
 */
export function sameWithinTolerance(fresh: unknown, baseline: unknown, tolerance: Tolerance): boolean {
  const a = normaliseEmpty(fresh, tolerance);
  const b = normaliseEmpty(baseline, tolerance);
  if (a === null || b === null) return a === b;
  if (a instanceof Uint8Array || b instanceof Uint8Array) return sameBytes(a, b);
  if (tolerance.dates !== 'exact') {
    const [x, y] = [instantOf(a), instantOf(b)];
    if (x !== undefined && y !== undefined)
      return tolerance.dates === 'instant' ? x === y : dayOf(x) === dayOf(y);
  }
  if (a instanceof Date || b instanceof Date) return dateText(a) === dateText(b);
  const numeric =
    isNumeric(a) || isNumeric(b) || (tolerance.numericEpsilon !== undefined && !isBoolean(a, b));
  if (numeric) {
    const [x, y] = [toDecimal(numberOf(a)), toDecimal(numberOf(b))];
    if (x !== undefined && y !== undefined)
      return x
        .minus(y)
        .abs()
        .lte(tolerance.numericEpsilon ?? 0);
  }
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return textOf(a, tolerance) === textOf(b, tolerance);
}

function normaliseEmpty(value: unknown, tolerance: Tolerance): unknown {
  if (value === undefined || value === null) return null;
  if (tolerance.emptyAsNull && typeof value === 'string' && value.trim() === '') return null;
  return value;
}

function textOf(value: unknown, tolerance: Tolerance): string {
  let text = String(value);
  if (tolerance.trim) text = text.trim();
  if (tolerance.caseInsensitive) text = text.toLowerCase();
  return text;
}

const isNumeric = (value: unknown) => typeof value === 'number' || typeof value === 'bigint';
const isBoolean = (a: unknown, b: unknown) => typeof a === 'boolean' || typeof b === 'boolean';

/** SQLite and MySQL hand booleans back as 1 and 0. */
function numberOf(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function sameBytes(a: unknown, b: unknown): boolean {
  if (!(a instanceof Uint8Array && b instanceof Uint8Array)) return false;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function dateText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

// 2024-05-01, 2024-05-01T10:00, 2024-05-01 10:00:00.123456789+02:00, ...Z
const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Nanoseconds since 1970 (UTC; text without an offset is read as UTC), or undefined. */
export function instantOf(value: unknown): bigint | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n;
  }
  if (typeof value !== 'string') return undefined;
  const match = isoPattern.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (Number.isNaN(ms)) return undefined;
  const nanos = BigInt(ms) * 1_000_000n + BigInt((fraction ?? '').padEnd(9, '0'));
  return nanos - offsetNanos(zone);
}

function offsetNanos(zone: string | undefined): bigint {
  if (!zone || zone.toUpperCase() === 'Z') return 0n;
  const sign = zone.startsWith('-') ? -1n : 1n;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return sign * BigInt(minutes) * 60_000_000_000n;
}

const nanosPerDay = 86_400_000_000_000n;

function dayOf(nanos: bigint): bigint {
  // Floor division, so instants before 1970 fall on the right day.
  const day = nanos / nanosPerDay;
  return nanos < 0n && day * nanosPerDay !== nanos ? day - 1n : day;
}
