// exceljs is large: it is loaded only when a workbook is actually read, not at every start-up.
import type ExcelJS from 'exceljs';
import { normalizeCellText, type SheetGrid } from './sheet-grid.js';

/** Excel limits worksheet names to 31 characters. */
export const maxSheetName = 31;

/**
 * Reads a mapping sheet from an XLSX workbook: the worksheet named like the flow (any case)
 * when there is one, else the first visible worksheet. Throws when the data is not a workbook.
 */
export async function readXlsxGrid(data: Uint8Array, flowName?: string): Promise<SheetGrid> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  // exceljs's typings ask for a Node Buffer of an older shape; any Uint8Array works.
  await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
  const sheet = pickWorksheet(workbook.worksheets, flowName);
  if (!sheet) return { rows: [] };
  const rows: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c), excel.ValueType));
    rows.push(cells);
  }
  return { rows, sheetName: sheet.name };
}

function pickWorksheet(sheets: readonly ExcelJS.Worksheet[], flowName: string | undefined) {
  if (flowName !== undefined) {
    const wanted = flowName.slice(0, maxSheetName).toLowerCase();
    const named = sheets.find((s) => s.name.toLowerCase() === wanted);
    if (named) return named;
  }
  return sheets.find((s) => s.state === 'visible') ?? sheets[0];
}

// A formula that is only a constant: ="USD", =42, =TRUE, =NULL. It is kept as written, so that
// a constant typed into a spreadsheet reads the same as one in a CSV file.
const constantFormula =
  /^\s*("(?:[^"]|"")*"|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|true|false|null)\s*(\(\s*\))?\s*$/i;

/** What a person sees in the cell, as text; constants as their formula. */
export function cellText(cell: ExcelJS.Cell, valueType: typeof ExcelJS.ValueType): string {
  const value = cell.value;
  switch (cell.type) {
    case valueType.Null:
    case valueType.Merge:
      return '';
    case valueType.Formula: {
      const formula = cell.formula;
      if (typeof formula === 'string' && constantFormula.test(formula)) return `=${formula.trim()}`;
      return resultText(cell.result);
    }
    default:
      return normalizeCellText(resultText(value));
  }
}

function resultText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return normalizeCellText(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const rich = (value as { richText?: { text: string }[] }).richText;
    if (Array.isArray(rich)) return normalizeCellText(rich.map((part) => part.text).join(''));
    const text = (value as { text?: unknown }).text;
    if (text !== undefined) return resultText(text);
    const error = (value as { error?: unknown }).error;
    if (typeof error === 'string') return error;
    const result = (value as { result?: unknown }).result;
    if (result !== undefined) return resultText(result);
  }
  return String(value);
}
