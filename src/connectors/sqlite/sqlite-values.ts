/**
 * Value conversion between rows and better-sqlite3. Reads run with safeIntegers so that no
 * INTEGER loses precision; integers that fit a double come back as plain numbers.
 */

export function fromSqliteValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  // A Buffer would serialise oddly through JSON.stringify; rows promise plain Uint8Array.
  if (Buffer.isBuffer(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

/** Converts, in place, a row object that the driver has just created (nobody else holds it). */
export function fromSqliteRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const name in row) row[name] = fromSqliteValue(row[name]);
  return row;
}

/** What better-sqlite3 can bind: number, bigint, string, Buffer or null. */
export type SqliteBindable = number | bigint | string | Buffer | null;

export function toSqliteValue(value: unknown): SqliteBindable {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'string':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    default:
      break;
  }
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object') return JSON.stringify(value, jsonReplacer);
  return String(value);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
