import { stringify } from 'csv-stringify/sync';
import type { SheetRows } from './fields-to-sheet.js';

/**
 * A sheet as CSV: UTF-8 with a byte order mark (without it, Excel takes the file for the
 * local code page and garbles every accent), comma-separated, one row per line.
 */
export function writeCsvSheet(sheet: SheetRows): string {
  return stringify([sheet.header, ...sheet.rows], { bom: true });
}
