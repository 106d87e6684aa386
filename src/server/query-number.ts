/** A whole number from a query string, clamped to [min, max]; the fallback when absent or not a number. */
export function queryNumber(value: string | undefined, fallback: number, min: number, max: number): number {
  const parsed = value === undefined || value.trim() === '' ? Number.NaN : Math.trunc(Number(value));
  return Math.min(Math.max(Number.isFinite(parsed) ? parsed : fallback, min), max);
}
