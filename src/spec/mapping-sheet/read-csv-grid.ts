import { parse } from 'csv-parse/sync';
import { normalizeCellText, type SheetGrid } from './sheet-grid.js';

const candidates = [',', ';', '\t'] as const;

/**
 * Reads a CSV mapping sheet: UTF-8 with or without a byte order mark, separated by commas,
 * semicolons (what spreadsheets write where the decimal mark is a comma) or tabs — whichever
 * the header line uses most. Empty lines are kept as empty rows so that row numbers match
 * what a spreadsheet shows. Throws on text that is not CSV (an unclosed quote).
 */
export function readCsvGrid(text: string): SheetGrid {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = parse(body, {
    delimiter: sniffDelimiter(body),
    relax_column_count: true,
    skip_empty_lines: false,
  }) as string[][];
  return { rows: records.map((record) => record.map(normalizeCellText)) };
}

/** The separator the first line uses most, outside quotes; a comma when there is none. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>(candidates.map((c) => [c, 0]));
  let isQuoted = false;
  for (const ch of text) {
    if (ch === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (ch === '\n' || ch === '\r')) break;
    else if (!isQuoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  for (const [candidate, count] of counts) if (count > (counts.get(best) ?? 0)) best = candidate;
  return best;
}
