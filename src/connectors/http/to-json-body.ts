import { stringifyJsonExact } from '../json-exact.js';

/**
 * A row as JSON text for an API (0005 values): bigint as bare digits, Uint8Array as base64 (JSON
 * has no bytes), Date as ISO-8601, everything else as JSON.stringify would.
 */
export function toJsonBody(value: unknown): string {
  return stringifyJsonExact(toJsonValue(value)) ?? 'null';
}

function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) if (item !== undefined) out[name] = toJsonValue(item);
    return out;
  }
  return value;
}
