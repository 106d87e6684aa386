// exceljs is large: it is loaded only when a workbook is actually written.
import type ExcelJS from 'exceljs';
import { onInvalidSchema } from '../schema.js';
import type { StepDoc } from './describe-steps.js';
import type { SheetRows } from './fields-to-sheet.js';
import { maxSheetName } from './read-xlsx-grid.js';
import { cellAddress, columnLetter, type SheetColumnKey, sheetColumns } from './sheet-columns.js';

export interface XlsxSheetOptions {
  /** The flow: names the mapping worksheet, which is how a workbook is matched to its flow. */
  readonly flow: string;
  readonly transforms: readonly StepDoc[];
  readonly rules: readonly StepDoc[];
  /** Target fields known for the flow, offered in the target field drop-down. */
  readonly targetFields: readonly string[];
}

interface RangeValidations {
  readonly dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** Rows below the mapping that still get the drop-downs, for fields added later. */
const spareRows = 200;
const onInvalidValues: readonly string[] = onInvalidSchema.options;
const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };

/**
 * A sheet as an XLSX workbook: the mapping worksheet (named after the flow, frozen header,
 * widths to fit, drop-downs of transforms, rules, on-invalid policies and target fields), a
 * "Transforms" and a "Rules" worksheet documenting each step, and a hidden "Lists" worksheet
 * the drop-downs read from (an inline list is limited to 255 characters).
 */
export async function writeXlsxSheet(sheet: SheetRows, options: XlsxSheetOptions): Promise<Uint8Array> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'syncline';
  const reserved = new Set(['transforms', 'rules', 'lists']);
  const name = options.flow.slice(0, maxSheetName);
  const mapping = workbook.addWorksheet(reserved.has(name.toLowerCase()) ? 'mapping' : name, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  mapping.addRows([[...sheet.header], ...sheet.rows.map((row) => [...row])]);
  styleHeader(mapping, sheet.header.length);
  fitColumns(mapping, [[...sheet.header], ...sheet.rows]);
  mapping.autoFilter = { from: 'A1', to: cellAddress(1, sheet.header.length) };

  const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
  const listColumns = [
    options.transforms.map((t) => t.name),
    options.rules.map((r) => r.name),
    [...options.targetFields],
  ];
  listColumns.forEach((values, index) => {
    values.forEach((value, row) => {
      lists.getCell(row + 1, index + 1).value = value;
    });
  });
  const listRange = (index: number) => {
    const letter = columnLetter(index + 1);
    return `Lists!$${letter}$1:$${letter}$${Math.max(1, listColumns[index]?.length ?? 1)}`;
  };

  const lastRow = sheet.rows.length + 1 + spareRows;
  // One rule for a whole column range; exceljs supports ranges here but its typings omit them.
  const ranges = (mapping as unknown as RangeValidations).dataValidations;
  const validate = (key: SheetColumnKey, validation: ExcelJS.DataValidation) => {
    const header = sheetColumns.find((c) => c.key === key)?.header ?? key;
    const index = sheet.header.indexOf(header);
    if (index < 0) return;
    const letter = columnLetter(index + 1);
    ranges.add(`${letter}2:${letter}${lastRow}`, validation);
  };
  // Suggestions, not limits: a cell may hold a pipe of several steps or several fields.
  const suggest = (formula: string, prompt: string): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: false,
    showInputMessage: true,
    prompt,
  });
  if (options.transforms.length > 0) {
    validate(
      'transformation',
      suggest(listRange(0), 'Pick a transform or write a pipe: trim | lower. See the Transforms sheet.'),
    );
  }
  if (options.rules.length > 0) {
    validate('validation', suggest(listRange(1), 'Pick a rule or write a pipe: required | email.'));
  }
  if (options.targetFields.length > 0) {
    validate('targetField', suggest(listRange(2), 'The target field; several for split-name: a, b.'));
  }
  validate('onInvalid', {
    type: 'list',
    allowBlank: true,
    formulae: [`"${onInvalidValues.join(',')}"`],
    showErrorMessage: true,
    errorTitle: 'on invalid',
    error: `Write ${onInvalidValues.join(', ')}, or leave empty for the flow's policy.`,
  });

  addStepSheet(workbook, 'Transforms', options.transforms);
  addStepSheet(workbook, 'Rules', options.rules);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function addStepSheet(workbook: ExcelJS.Workbook, name: string, docs: readonly StepDoc[]): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ['name', 'summary', 'arguments', 'example'];
  const rows = docs.map((doc) => [doc.name, doc.summary, doc.arguments, doc.example]);
  sheet.addRows([header, ...rows]);
  styleHeader(sheet, header.length);
  fitColumns(sheet, [header, ...rows]);
}

function styleHeader(sheet: ExcelJS.Worksheet, count: number): void {
  const header = sheet.getRow(1);
  for (let c = 1; c <= count; c++) {
    const cell = header.getCell(c);
    cell.font = { bold: true };
    cell.fill = headerFill;
  }
}

/** Each column wide enough for its longest line, within reason; longer text wraps. */
function fitColumns(sheet: ExcelJS.Worksheet, rows: readonly (readonly string[])[]): void {
  const count = Math.max(...rows.map((row) => row.length));
  for (let index = 0; index < count; index++) {
    const lines = rows.flatMap((row) => (row[index] ?? '').split('\n'));
    const longest = Math.max(...lines.map((line) => line.length));
    const column = sheet.getColumn(index + 1);
    column.width = Math.min(60, Math.max(10, longest + 2));
    column.alignment = { vertical: 'top', wrapText: true };
  }
}
