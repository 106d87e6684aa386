import type { JsonValue, Row } from './row.js';

/**
 * Lossless JSON for stored payloads (dead letters, journal): bigint, binary and dates keep
 * their type through a round trip. Tagged objects use a `$` key no column name starts with.
 */
export function encodePayload(row: Row): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(row)) out[name] = encodeValue(value);
  return out;
}

export function decodePayload(json: JsonValue): Row {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) out[name] = decodeValue(value);
  return out;
}

/** One value in the tagged lossless JSON form (a key value, a field). */
export function encodeValue(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v);
    return out;
  }
  return value as JsonValue;
}

function decodeValue(value: JsonValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [tag, inner] = entries[0] as [string, JsonValue];
    if (typeof inner === 'string') {
      if (tag === '$bigint') return BigInt(inner);
      if (tag === '$date') return new Date(inner);
      if (tag === '$base64') return Uint8Array.from(Buffer.from(inner, 'base64'));
      if (tag === '$number') return Number(inner);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = decodeValue(v);
  return out;
}
