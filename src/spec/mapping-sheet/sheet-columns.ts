/**
 * The columns of a mapping sheet: one row per target field, with these headers (any case, any
 * order). Columns with other headers (owner, status, ...) are kept as the field's `extra`.
 * `default` (the value written when `on invalid` is default) is only written when a field has one.
 */
export const sheetColumns = [
  { key: 'sourceSystem', header: 'source system' },
  { key: 'sourceField', header: 'source field' },
  { key: 'transformation', header: 'transformation' },
  { key: 'targetSystem', header: 'target system' },
  { key: 'targetField', header: 'target field' },
  { key: 'validation', header: 'validation' },
  { key: 'onInvalid', header: 'on invalid' },
  { key: 'default', header: 'default', isOptional: true },
  { key: 'notes', header: 'notes' },
] as const;

export type SheetColumnKey = (typeof sheetColumns)[number]['key'];

/** Headers written otherwise that still name a column without doubt. */
const aliases: Readonly<Record<string, SheetColumnKey>> = {
  transform: 'transformation',
  transforms: 'transformation',
  validate: 'validation',
  'validation rules': 'validation',
  oninvalid: 'onInvalid',
  'when invalid': 'onInvalid',
  'default value': 'default',
  note: 'notes',
  comments: 'notes',
};

/** `"Source  Field"`, `source_field`, `SOURCE-FIELD` -> `source field`. */
export function normalizeHeader(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/** The column a header names, or undefined for an extra column. */
export function columnOf(header: string): SheetColumnKey | undefined {
  const normalized = normalizeHeader(header);
  const column = sheetColumns.find((c) => c.header === normalized);
  return column?.key ?? aliases[normalized];
}

/** 1 -> A, 27 -> AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** `C7` for row 7, column 3 (both 1-based). */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
}
