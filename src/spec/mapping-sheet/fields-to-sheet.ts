import type { Locator } from '../create-locator.js';
import type { FieldSpec } from '../schema.js';
import { problemAt, type SpecProblem } from '../spec-problem.js';
import { sheetColumns } from './sheet-columns.js';
import { formatConstant, formatConstants, formatNames, formatStepsCell } from './sheet-notation.js';

/** A mapping sheet as text, ready to be written as CSV or XLSX. */
export interface SheetRows {
  /** The standard headers, then the extra columns in the order the fields use them. */
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface SheetFlow {
  readonly name: string;
  readonly from: { readonly system: string };
  readonly to: { readonly system: string };
  readonly fields?: readonly FieldSpec[] | undefined;
}

/**
 * Writes a flow's fields as sheet rows; the inverse of sheetToFields. A field that one row cannot
 * hold (both `from:` and `value:`) is a problem at its place in the spec (or sheet).
 */
export function fieldsToSheet(
  flow: SheetFlow,
  locate: Locator,
): { ok: true; sheet: SheetRows } | { ok: false; problems: SpecProblem[] } {
  const fields = flow.fields ?? [];
  const extraHeaders = [...new Set(fields.flatMap((field) => Object.keys(field.extra ?? {})))];
  const hasDefaults = fields.some((field) => field.default !== undefined);
  const columns = sheetColumns.filter((column) => !('isOptional' in column) || hasDefaults);
  const problems: SpecProblem[] = [];
  const rows = fields.map((field, index) => {
    if (field.from !== undefined && field.value !== undefined) {
      problems.push(
        problemAt(
          locate,
          ['flows', flow.name, 'fields', index, 'value'],
          'sheet-from-and-value',
          'has both from: and value:, and a sheet row holds only one of them',
          { hint: 'keep from: to read a source field, or value: for a constant' },
        ),
      );
    }
    const cells: Record<(typeof sheetColumns)[number]['key'], string> = {
      sourceSystem: field.from === undefined ? '' : flow.from.system,
      sourceField:
        field.from !== undefined
          ? formatNames(field.from)
          : field.value !== undefined
            ? formatConstant(field.value)
            : '',
      transformation: field.transform === undefined ? '' : formatStepsCell(field.transform),
      targetSystem: flow.to.system,
      targetField: formatNames(field.to),
      validation: field.validate === undefined ? '' : formatStepsCell(field.validate),
      onInvalid: field.onInvalid ?? '',
      default: field.default === undefined ? '' : formatConstants(field.default),
      notes: field.notes ?? '',
    };
    return [
      ...columns.map((column) => cells[column.key]),
      ...extraHeaders.map((header) => field.extra?.[header] ?? ''),
    ];
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, sheet: { header: [...columns.map((c) => c.header), ...extraHeaders], rows } };
}
