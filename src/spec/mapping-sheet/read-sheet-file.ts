import { readFile } from 'node:fs/promises';
import { readXlsxGrid } from './read-xlsx-grid.js';
import { sheetFormatHint, sheetFormatOf } from './sheet-format.js';
import type { SheetGrid } from './sheet-grid.js';

export type ReadSheetResult =
  | { readonly ok: true; readonly grid: SheetGrid }
  | { readonly ok: false; readonly reason: string; readonly hint?: string };

/** Reads a CSV or XLSX mapping sheet into cells; for a workbook, the worksheet named like `flow` first. */
export async function readSheetFile(file: string, flow?: string): Promise<ReadSheetResult> {
  const format = sheetFormatOf(file);
  if (format === undefined)
    return { ok: false, reason: 'it is neither .csv nor .xlsx', hint: sheetFormatHint };
  let data: Uint8Array;
  try {
    data = await readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return {
      ok: false,
      reason: code === 'ENOENT' ? 'it does not exist' : `reading failed (${String(code)})`,
    };
  }
  if (format === 'xlsx') {
    try {
      return { ok: true, grid: await readXlsxGrid(data, flow) };
    } catch (error) {
      return {
        ok: false,
        reason: `it is not an Excel workbook (${error instanceof Error ? error.message : String(error)})`,
        hint: sheetFormatHint,
      };
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return {
      ok: false,
      reason: 'it is not UTF-8 text',
      hint: 'save it as "CSV UTF-8", or as .xlsx, so that accented and non-Latin letters survive',
    };
  }
  // The CSV parser loads with the first sheet: a project without one never pays for it.
  const { readCsvGrid } = await import('./read-csv-grid.js');
  try {
    return { ok: true, grid: readCsvGrid(text) };
  } catch (error) {
    return {
      ok: false,
      reason: `it is not valid CSV: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
