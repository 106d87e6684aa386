/**
 * Whether a target's stored value equals the value a run would write. Drivers hand back
 * numbers where the mapping produced numeric text (and the reverse), so scalars compare by
 * their text; binary compares byte by byte; structures by their JSON.
 */
export function sameValue(stored: unknown, written: unknown): boolean {
  const a = stored ?? null;
  const b = written ?? null;
  if (a === null || b === null) return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
  }
  if (isScalar(a) && isScalar(b)) return String(a) === String(b);
  if (a instanceof Date || b instanceof Date) return toText(a) === toText(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

function isScalar(value: unknown): value is string | number | bigint | boolean {
  return ['string', 'number', 'bigint', 'boolean'].includes(typeof value);
}

function toText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
