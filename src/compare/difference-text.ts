import { encodeValue } from '../core/encode-payload.js';

/**
 * A compared value as the CSV and the HTML report show it: JSON, so text keeps its quotes
 * ("Smith " shows its trailing space), null stays distinct from empty text, and a number
 * keeps every digit. Undefined (a field the row does not have) is empty.
 */
export function valueText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(encodeValue(value));
}

/** A record's key: its value alone for a one-column key, the JSON list for a composite one. */
export function keyLabel(values: readonly unknown[]): string {
  if (values.length === 1) {
    const [only] = values;
    return typeof only === 'string' ? only : valueText(only);
  }
  return valueText(values);
}
