const dayMs = 86_400_000;

/**
 * A date moved by whole days, in the form it came in: a Date stays a Date, an ISO-like text
 * (`2009-01-01`, `2009-01-01 00:00:00`, `2009-01-01T10:00:00Z`) keeps its time and layout.
 * Undefined for anything else, which the caller replaces by shape instead.
 */
export function shiftDate(value: unknown, days: number): unknown {
  if (value instanceof Date) return new Date(value.getTime() + days * dayMs);
  if (typeof value !== 'string') return undefined;
  const match = /^(\s*)(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return undefined;
  const [whole, space, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)) + days * dayMs);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${space}${date.toISOString().slice(0, 10)}${value.slice(whole.length)}`;
}
