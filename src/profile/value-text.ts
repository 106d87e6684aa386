/**
 * A driver value as the profile sees it: its kind, its text, and its number when it is one.
 * Drivers return strings, numbers, bigints, booleans, Uint8Array, Date or parsed JSON (0005).
 */
export function valueText(value: unknown): { type: string; text: string; number?: number } {
  if (typeof value === 'string') return { type: 'text', text: value };
  if (typeof value === 'number')
    return { type: Number.isInteger(value) ? 'integer' : 'decimal', text: String(value), number: value };
  if (typeof value === 'bigint') return { type: 'integer', text: value.toString(), number: Number(value) };
  if (typeof value === 'boolean') return { type: 'boolean', text: String(value) };
  if (value instanceof Date) return { type: 'date', text: value.toISOString() };
  if (value instanceof Uint8Array) return { type: 'binary', text: Buffer.from(value).toString('hex') };
  return { type: 'json', text: JSON.stringify(value) ?? '' };
}
