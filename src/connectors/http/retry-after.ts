/**
 * Milliseconds to wait from a Retry-After header: delay-seconds ("120") or an HTTP date; undefined
 * when absent or unreadable. A date in the past means no wait.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
