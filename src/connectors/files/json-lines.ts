import type { Row } from '../../core/row.js';

/**
 * Rows as JSON Lines text, one object per line, each ending in "\n". With `columns`, only those
 * fields, in that order. Values: Date → ISO-8601 string, bigint → its digits as a string (JSON
 * numbers lose precision past 2^53), Uint8Array → base64 string, undefined → left out.
 */
export function jsonLines(rows: readonly Row[], columns: readonly string[] | undefined): string {
  return rows
    .map((row) => {
      const picked = columns ? Object.fromEntries(columns.map((name) => [name, row[name] ?? null])) : row;
      return `${JSON.stringify(picked, replacer)}\n`;
    })
    .join('');
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  // JSON.stringify has already called Date's toJSON; the holder still has the Date itself.
  const original = key === '' ? value : (this as Record<string, unknown>)[key];
  if (typeof original === 'bigint') return original.toString();
  if (original instanceof Uint8Array) {
    return Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64');
  }
  return value;
}
