/**
 * A sheet as text cells, whatever file it came from: `rows[r][c]` is the cell in row r + 1,
 * column c + 1, so positions in messages are the ones a spreadsheet shows. Empty cells are ''.
 * A constant written as a formula (`="USD"`) keeps its `=`, as it does in a CSV file.
 */
export interface SheetGrid {
  readonly rows: readonly (readonly string[])[];
  /** The worksheet the rows come from (XLSX); undefined for CSV. */
  readonly sheetName?: string;
}

/** Line breaks inside a cell as a spreadsheet has them: \n, whatever the file used. */
export function normalizeCellText(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
