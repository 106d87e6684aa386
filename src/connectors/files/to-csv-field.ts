/**
 * A row value as CSV text: null and undefined become an empty field (so null and '' read back
 * alike), Date becomes ISO-8601, binary becomes base64, objects become JSON.
 */
export function toCsvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (typeof value === 'object')
    return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}
