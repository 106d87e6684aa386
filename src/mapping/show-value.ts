const maxShown = 60;

/**
 * A record value as it appears in an issue message: text quoted, everything shortened to about
 * 60 characters so one huge value cannot flood a dead letter's reason or a log line.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'empty text' : JSON.stringify(shorten(value));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  if (value instanceof Uint8Array) return `${value.length} bytes of binary data`;
  if (Array.isArray(value))
    return value.length === 0 ? 'an empty list' : shorten(`[${value.map(showItem).join(', ')}]`);
  if (typeof value === 'object') return shorten(safeJson(value));
  return typeof value;
}

function showItem(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : showValue(value);
}

function shorten(text: string): string {
  // Count code points so a cut never splits a surrogate pair.
  const points = Array.from(text.length > maxShown * 2 ? text.slice(0, maxShown * 2) : text);
  return points.length > maxShown ? `${points.slice(0, maxShown - 1).join('')}…` : text;
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? `${inner}n` : inner));
  } catch {
    return 'an object';
  }
}
