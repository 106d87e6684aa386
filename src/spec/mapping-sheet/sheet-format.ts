import path from 'node:path';

export type SheetFormat = 'csv' | 'xlsx';

/** The format a mapping sheet is read in, from its extension; undefined when syncline cannot read it. */
export function sheetFormatOf(file: string): SheetFormat | undefined {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.xlsx' || extension === '.xlsm') return 'xlsx';
  return undefined;
}

/** What to tell a user whose sheet has another format. */
export const sheetFormatHint =
  'save the sheet as an Excel workbook (.xlsx) or as CSV UTF-8 (.csv); .xls, .ods and .numbers files are not read';
