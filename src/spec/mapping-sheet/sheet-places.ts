import type { Position } from '../create-locator.js';
import { cellAddress, type SheetColumnKey } from './sheet-columns.js';

/** Where a sheet's header, columns and mapping rows are, to point problems at cells. */
export interface SheetPlaces {
  /** The sheet as messages name it: `mappings/customers.xlsx`. */
  readonly file: string;
  /** 1-based, as are all rows and columns here. */
  readonly headerRow: number;
  readonly columns: Readonly<Partial<Record<SheetColumnKey, number>>>;
  /** Columns kept as `extra`, by header text. */
  readonly extraColumns: Readonly<Record<string, number>>;
  /** The row of each field: `fieldRows[i]` holds `fields[i]`. */
  readonly fieldRows: readonly number[];
}

const columnOfKey: Readonly<Record<string, SheetColumnKey>> = {
  from: 'sourceField',
  value: 'sourceField',
  to: 'targetField',
  transform: 'transformation',
  validate: 'validation',
  onInvalid: 'onInvalid',
  default: 'default',
  notes: 'notes',
};

/**
 * The cell of a path below a flow's `fields` (`[3, 'transform', 1]`): the row of field 3, the
 * transformation column. A path without a field points at the header's target field cell; a
 * key without a column of its own, at the row's target field.
 */
export function placeInSheet(places: SheetPlaces, rest: readonly (string | number)[]): Position {
  const [index, key, subkey] = rest;
  const fallbackColumn = places.columns.targetField ?? places.columns.sourceField ?? 1;
  const row = typeof index === 'number' ? places.fieldRows[index] : undefined;
  if (row === undefined) return at(places.file, places.headerRow, fallbackColumn);
  const column =
    key === 'extra' && typeof subkey === 'string'
      ? places.extraColumns[subkey]
      : typeof key === 'string' && Object.hasOwn(columnOfKey, key)
        ? places.columns[columnOfKey[key] as SheetColumnKey]
        : undefined;
  return at(places.file, row, column ?? fallbackColumn);
}

function at(file: string, row: number, column: number): Position {
  return { file, line: row, col: column, cell: cellAddress(row, column) };
}
