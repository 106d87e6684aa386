/**
 * Row values (docs/decisions/0005) to the text PostgreSQL parses. Every value is bound or
 * copied as text and cast by the server to the column's type, so a timestamp keeps its
 * microseconds, a decimal its digits and an int8 all 64 bits — nothing passes through a float
 * or a Date on the way in.
 */

/** Whether a column type holds JSON, where every value (a string too) is a document to serialise. */
export function isJsonType(type: string): boolean {
  return type === 'json' || type === 'jsonb';
}

export function toPgText(value: unknown, isJson = false): string | null {
  if (value === null || value === undefined) return null;
  if (isJson) return jsonText(value);
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      // NaN and ±Infinity print as PostgreSQL's float8 spells them.
      return Number.isFinite(value)
        ? String(value)
        : Number.isNaN(value)
          ? 'NaN'
          : value > 0
            ? 'Infinity'
            : '-Infinity';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Uint8Array)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayLiteral(value);
  return jsonText(value);
}

/**
 * A value as JSON text. A replacer makes JSON.stringify call back for every property, three
 * times slower, so it is used only for documents that hold what JSON cannot: bigints, bytes.
 */
function jsonText(value: unknown): string {
  return isPlainJson(value) ? JSON.stringify(value) : JSON.stringify(value, jsonReplacer);
}

function isPlainJson(value: unknown): boolean {
  if (typeof value === 'bigint') return false;
  if (typeof value !== 'object' || value === null) return true;
  if (value instanceof Uint8Array) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i])) return false;
    return true;
  }
  for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key])) return false;
  return true;
}

/** A JS array as a PostgreSQL array literal (`{"a","b",NULL}`), for array columns. */
function arrayLiteral(values: readonly unknown[]): string {
  const parts = values.map((v) => {
    if (Array.isArray(v)) return arrayLiteral(v);
    const text = toPgText(v);
    return text === null ? 'NULL' : `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** PostgreSQL text cannot hold U+0000; such a value is refused before it reaches the server. */
export function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/** One field of COPY's text format: `\N` for NULL, backslash escapes for the rest. */
export function copyField(text: string | null): string {
  if (text === null) return '\\N';
  if (!/[\\\n\r\t]/.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}
