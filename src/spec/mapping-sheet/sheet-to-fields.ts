import { didYouMean } from '../../core/did-you-mean.js';
import { quote } from '../describe-value.js';
import { formatPath, type SpecProblem } from '../spec-problem.js';
import { readSheetRow, type SheetEndpoint } from './read-sheet-row.js';
import {
  cellAddress,
  columnLetter,
  columnOf,
  normalizeHeader,
  type SheetColumnKey,
  sheetColumns,
} from './sheet-columns.js';
import type { SheetGrid } from './sheet-grid.js';
import type { SheetPlaces } from './sheet-places.js';

export interface SheetContext {
  readonly flow: string;
  /** The sheet as messages name it: `mappings/customers.xlsx`. */
  readonly file: string;
  /** The flow's source and target, when the spec names them; a sheet's system cells must match. */
  readonly from?: SheetEndpoint | undefined;
  readonly to?: SheetEndpoint | undefined;
}

export interface SheetFields {
  /**
   * The field mappings of the rows that could be read, as plain values still to be checked by
   * the spec schema and compiled like `fields:`; undefined when there are none.
   */
  readonly fields: readonly Record<string, unknown>[] | undefined;
  readonly places: SheetPlaces;
  /** Problems of the sheet itself (header, cell notation, systems), each at its cell. */
  readonly problems: readonly SpecProblem[];
}

/** A title or a blank line may come before the header; further down it is not a header. */
const headerSearchRows = 20;
const requiredColumns: readonly SheetColumnKey[] = ['sourceField', 'targetField'];
const headerOf = (key: SheetColumnKey) => sheetColumns.find((c) => c.key === key)?.header ?? key;

/** Reads a sheet's rows as field mappings: one row per target field (see sheet-notation.ts). */
export function sheetToFields(grid: SheetGrid, context: SheetContext): SheetFields {
  const problems: SpecProblem[] = [];
  const path = formatPath(['flows', context.flow, 'mapping']);
  const report = (row: number, column: number, code: string, message: string, hint?: string) => {
    const at = { file: context.file, line: row, col: column, cell: cellAddress(row, column) };
    problems.push({ ...at, path, code, message, ...(hint === undefined ? {} : { hint }) });
  };

  const headerIndex = grid.rows
    .slice(0, headerSearchRows)
    .findIndex((row) => row.filter((cell) => columnOf(cell) !== undefined).length >= 2);
  if (headerIndex < 0) {
    report(
      1,
      1,
      'sheet-no-header',
      'the sheet has no header row naming its columns',
      `write the headers in the first row: ${sheetColumns.map((c) => c.header).join(', ')}`,
    );
    return { fields: undefined, places: emptyPlaces(context.file), problems };
  }
  const headerRow = headerIndex + 1;
  const header = grid.rows[headerIndex] as readonly string[];
  const columns: Partial<Record<SheetColumnKey, number>> = {};
  const extraColumns: Record<string, number> = {};
  header.forEach((text, index) => {
    const column = index + 1;
    const name = text.trim();
    if (name === '') return;
    const key = columnOf(name);
    const earlier = key === undefined ? extraColumns[name] : columns[key];
    if (earlier !== undefined) {
      report(
        headerRow,
        column,
        'sheet-duplicate-column',
        `a second ${quote(name)} column`,
        `column ${columnLetter(earlier)} has the same header; remove or rename one`,
      );
    } else if (key !== undefined) columns[key] = column;
    else {
      const near = didYouMean(
        normalizeHeader(name),
        sheetColumns.map((c) => c.header),
      );
      if (near !== undefined) {
        report(
          headerRow,
          column,
          'sheet-misspelt-column',
          `column ${quote(name)} looks like a misspelt ${quote(near)}`,
          `rename it to ${quote(near)}; columns with other names are kept with the field but not run`,
        );
      } else extraColumns[name] = column;
    }
  });
  for (const key of requiredColumns) {
    if (columns[key] !== undefined) continue;
    report(
      headerRow,
      header.length + 1,
      'sheet-missing-column',
      `the sheet has no ${quote(headerOf(key))} column`,
      `add a column headed ${quote(headerOf(key))} in row ${headerRow}`,
    );
  }
  const places: SheetPlaces = { file: context.file, headerRow, columns, extraColumns, fieldRows: [] };
  if (requiredColumns.some((key) => columns[key] === undefined))
    return { fields: undefined, places, problems };

  const named = new Set([...Object.values(columns), ...Object.values(extraColumns)]);
  const unnamedReported = new Set<number>();
  const fields: Record<string, unknown>[] = [];
  const fieldRows: number[] = [];
  for (let index = headerIndex + 1; index < grid.rows.length; index++) {
    const cells = grid.rows[index] as readonly string[];
    if (cells.every((cell) => cell.trim() === '')) continue;
    const row = index + 1;
    cells.forEach((cell, c) => {
      if (cell.trim() === '' || named.has(c + 1) || unnamedReported.has(c + 1)) return;
      unnamedReported.add(c + 1);
      report(
        row,
        c + 1,
        'sheet-unnamed-column',
        'this column has no header, so its cells cannot be read',
        `give column ${columnLetter(c + 1)} a header in row ${headerRow}, or clear it`,
      );
    });
    const read = readSheetRow(cells, columns, extraColumns, context);
    for (const { key, problem } of read.problems) {
      report(row, columns[key] ?? 1, problem.code, problem.message, problem.hint);
    }
    if (read.problems.length > 0) continue;
    fields.push(read.field);
    fieldRows.push(row);
  }
  if (fields.length === 0 && problems.length === 0) {
    report(
      headerRow + 1,
      columns.targetField ?? 1,
      'sheet-empty',
      'the sheet has no mapping rows below its header',
      'write one row per target field',
    );
  }
  return {
    fields: fields.length > 0 ? fields : undefined,
    places: { ...places, fieldRows },
    problems,
  };
}

function emptyPlaces(file: string): SheetPlaces {
  return { file, headerRow: 1, columns: {}, extraColumns: {}, fieldRows: [] };
}
