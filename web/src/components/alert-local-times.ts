const isoTime = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/**
 * A server message with its ISO-8601 UTC times ("failed at 2026-11-29T15:15:33.704Z") in the
 * reader's local time, as the rest of the dashboard shows them.
 */
export function withLocalTimes(text: string): string {
  return text.replace(isoTime, (iso) => localTime(iso));
}

/** "15:45" today, "29 Nov, 15:45" on another day: short, in the reader's time zone. */
export function localTime(iso: string, now = Date.now()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const isToday = new Date(now).toDateString() === date.toDateString();
  return isToday
    ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
