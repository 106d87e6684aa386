/**
 * Lifts a text function to the values a field can carry: text is changed, a list (from several
 * source fields) is changed item by item, anything else (null, numbers, dates) passes unchanged.
 */
export function mapText(change: (text: string) => string): (value: unknown) => unknown {
  return function mapped(value: unknown): unknown {
    if (typeof value === 'string') return change(value);
    if (Array.isArray(value))
      return value.map((item: unknown) => (typeof item === 'string' ? change(item) : item));
    return value;
  };
}
