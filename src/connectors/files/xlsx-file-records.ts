import type ExcelJS from 'exceljs';
import { IntegrationError } from '../../core/integration-error.js';
import { truncated } from './csv-file-records.js';
import type { FileReadContext, FileReader, FileRecord } from './file-records.js';
import { allOf, type OpenedFile } from './file-store.js';
import { resumePoint } from './files-checkpoint.js';
import { xlsxCellValue } from './xlsx-cell-value.js';

export interface XlsxReadSettings {
  /** Worksheet name, or number from 1; default the first worksheet. */
  readonly sheet: string | number | undefined;
  readonly headerRow: number;
  readonly columns: readonly string[] | undefined;
}

/**
 * A worksheet's rows below the header row as rows (see xlsxCellValue for the values). Rows
 * with no value at all are skipped. The workbook is read whole (XLSX is a zip archive), so a
 * resume counts rows; exceljs is loaded only when a workbook is actually read.
 */
export function xlsxFileRecords(settings: XlsxReadSettings): FileReader {
  return (context) => read(settings, context);
}

async function* read(settings: XlsxReadSettings, context: FileReadContext): AsyncGenerator<FileRecord> {
  const { label, file } = context;
  const resume = resumePoint(context.from, {
    system: context.system,
    label,
    current: file.identity,
    size: file.size,
    canSeek: false,
  });
  const workbook = await loadWorkbook(file, label);
  const sheet = pickSheet(workbook, settings.sheet, label);
  const width = sheet.columnCount;
  const header = sheet.getRow(settings.headerRow);
  const headerCells = Array.from({ length: width }, (_, i) => xlsxCellValue(header.getCell(i + 1)));
  const names = settings.columns ?? headerCells.map((value) => (value === null ? '' : String(value)));
  names.forEach((name, index) => {
    if (name.trim() === '') throw badHeader(label, settings.headerRow, `header cell ${index + 1} is empty`);
    if (names.indexOf(name) !== index)
      throw badHeader(label, settings.headerRow, `header names column "${name}" twice`);
  });
  let consumed = 0;
  for (let r = settings.headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const values = names.map((_, i) => xlsxCellValue(row.getCell(i + 1)));
    if (values.every((value) => value === null)) continue;
    consumed++;
    if (consumed <= resume.records) continue;
    yield {
      row: Object.fromEntries(names.map((name, i) => [name, values[i]])),
      end: { line: consumed, bytes: undefined, endLine: r },
    };
  }
  if (consumed < resume.records) throw truncated(label, consumed, resume.records);
}

function pickSheet(
  workbook: ExcelJS.Workbook,
  sheet: string | number | undefined,
  label: string,
): ExcelJS.Worksheet {
  const sheets = workbook.worksheets;
  const found =
    sheet === undefined
      ? sheets[0]
      : typeof sheet === 'number'
        ? sheets[sheet - 1]
        : (sheets.find((s) => s.name === sheet) ??
          sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase()));
  if (found) return found;
  throw new IntegrationError(
    `File ${label} has no worksheet ${typeof sheet === 'number' ? `number ${sheet}` : `"${sheet}"`}`,
    {
      kind: 'config',
      code: 'sheet-not-found',
      stage: 'read',
      hint: `Worksheets: ${sheets.map((s) => s.name).join(', ') || '(none)'}.`,
    },
  );
}

function badHeader(label: string, row: number, reason: string): IntegrationError {
  return new IntegrationError(`Worksheet header in ${label}, row ${row}: ${reason}`, {
    kind: 'config',
    code: 'xlsx-header-invalid',
    stage: 'read',
    hint: 'Set headerRow: to the row holding the column names, or name them with columns:.',
  });
}

/** Reads a whole workbook (exceljs is imported only now); a file that is not one is a config error. */
export async function loadWorkbook(file: OpenedFile, label: string): Promise<ExcelJS.Workbook> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load((await allOf(file)) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new IntegrationError(`File ${label} is not an XLSX workbook: ${(error as Error).message}`, {
      kind: 'config',
      code: 'xlsx-unreadable',
      stage: 'read',
      hint: 'Save the file as Excel Workbook (.xlsx), or set format: to csv or jsonl.',
      cause: error,
    });
  }
  return workbook;
}
