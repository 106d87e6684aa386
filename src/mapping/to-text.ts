/**
 * A scalar as text, for transforms and rules that work on text (join, max-length, pattern).
 * Dates become ISO-8601 in UTC. Lists, objects and binary data have no text form: undefined.
 */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return undefined;
}
