import type ExcelJS from 'exceljs';

/**
 * A cell as a row value: empty → null; text (rich text and hyperlinks as their plain text) →
 * string; number → its shortest exact decimal string ("0.1", "1234.5"), as decimals travel
 * (decision 0005); boolean → boolean; date → ISO text without time zone (Excel stores none):
 * 'YYYY-MM-DD' at midnight, else 'YYYY-MM-DDTHH:MM:SS.sss'; formula → its cached result;
 * error → its text ("#N/A").
 */
export function xlsxCellValue(cell: ExcelJS.Cell): string | boolean | null {
  return plain(cell.value);
}

function plain(value: unknown): string | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return decimalText(value);
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return (object.richText as { text?: unknown }[]).map((part) => String(part.text ?? '')).join('');
    }
    if ('formula' in object || 'sharedFormula' in object) return plain(object.result);
    if ('error' in object) return String(object.error);
    if ('text' in object) return plain(object.text);
    if ('hyperlink' in object) return String(object.hyperlink);
  }
  return String(value);
}

/** Without exponent notation, which is not a decimal to most consumers. */
function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  const fixed = value.toFixed(20).replace(/\.?0+$/, '');
  return Math.abs(value) >= 1e21 ? BigInt(Math.round(value)).toString() : fixed;
}

function dateText(date: Date): string {
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.slice(0, iso.endsWith('.000Z') ? 19 : 23);
}
