/**
 * How a number written as text is formatted: `1234`, `1234.56`, `1234,56`, `1,234.56`,
 * `1.234,56`, `1 234,56`. `1,234` and `1.234` alone could be either a thousands group or a
 * decimal: they are `1,234 (ambiguous)` / `1.234 (ambiguous)`. Undefined for other text.
 */
export function numberFormatOf(text: string): string | undefined {
  const value = text.trim().replace(/^[-+]/, '');
  if (/^\d+$/.test(value)) return '1234';
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(value) || /^\d{1,3}(,\d{3}){2,}$/.test(value)) return '1,234.56';
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(value) || /^\d{1,3}(\.\d{3}){2,}$/.test(value)) return '1.234,56';
  if (/^\d{1,3}( \d{3})+(,\d+)?$/.test(value)) return '1 234,56';
  if (/^\d{1,3},\d{3}$/.test(value)) return '1,234 (ambiguous)';
  if (/^\d{1,3}\.\d{3}$/.test(value)) return '1.234 (ambiguous)';
  if (/^\d*\.\d+$/.test(value)) return '1234.56';
  if (/^\d+,\d+$/.test(value)) return '1234,56';
  return undefined;
}
