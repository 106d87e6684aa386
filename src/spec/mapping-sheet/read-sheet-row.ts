import { quote } from '../describe-value.js';
import type { SheetColumnKey } from './sheet-columns.js';
import {
  isNotationProblem,
  type NotationProblem,
  parseConstant,
  parseConstants,
  parseNames,
  parseStepsCell,
} from './sheet-notation.js';

/** A system a flow reads or writes, as a sheet may name it: by name or by title, in any case. */
export interface SheetEndpoint {
  readonly system: string;
  readonly title?: string | undefined;
}

/** A flow's `from:` or `to:` as a sheet's system cells must name it; undefined when the spec does not say. */
export function sheetEndpointOf(raw: unknown, endpoint: unknown): SheetEndpoint | undefined {
  const system = (endpoint as { system?: unknown } | null | undefined)?.system;
  if (typeof system !== 'string') return undefined;
  const systems = (raw as { systems?: Record<string, unknown> } | null)?.systems;
  const title = (systems?.[system] as { title?: unknown } | undefined)?.title;
  return { system, title: typeof title === 'string' ? title : undefined };
}

/** What readSheetRow needs to know about the flow. */
export interface RowContext {
  readonly flow: string;
  readonly from?: SheetEndpoint | undefined;
  readonly to?: SheetEndpoint | undefined;
}

export interface CellProblem {
  readonly key: SheetColumnKey;
  readonly problem: { readonly code: string; readonly message: string; readonly hint?: string | undefined };
}

/** Reads one mapping row as a field, with the problems of its cells. */
export function readSheetRow(
  cells: readonly string[],
  columns: Partial<Record<SheetColumnKey, number>>,
  extraColumns: Readonly<Record<string, number>>,
  context: RowContext,
): { field: Record<string, unknown>; problems: CellProblem[] } {
  const cell = (column: number | undefined) => (column === undefined ? '' : (cells[column - 1] ?? ''));
  const text = (key: SheetColumnKey) => cell(columns[key]).trim();
  const problems: CellProblem[] = [];
  const fail = (key: SheetColumnKey, code: string, found: NotationProblem) =>
    problems.push({ key, problem: { code, message: found.problem, hint: found.hint } });
  const field: Record<string, unknown> = {};

  const source = text('sourceField');
  if (source.startsWith('=')) {
    const constant = parseConstant(source);
    if (isNotationProblem(constant)) fail('sourceField', 'sheet-bad-constant', constant);
    else field.value = constant.value;
  } else if (source !== '') {
    const names = parseNames(source);
    if (isNotationProblem(names)) fail('sourceField', 'sheet-bad-field-names', names);
    else field.from = names.isList ? names.names : names.names[0];
  }

  const target = text('targetField');
  if (target === '') {
    problems.push({
      key: 'targetField',
      problem: {
        code: 'sheet-no-target',
        message: 'the target field is empty',
        hint: 'write the field this row fills in (several, for split-name, separated by commas)',
      },
    });
  } else {
    const names = parseNames(target);
    if (isNotationProblem(names)) fail('targetField', 'sheet-bad-field-names', names);
    else field.to = names.isList ? names.names : names.names[0];
  }

  const transformation = text('transformation');
  if (transformation !== '') field.transform = parseStepsCell(transformation);
  const validation = text('validation');
  if (validation !== '') field.validate = parseStepsCell(validation);
  const onInvalid = text('onInvalid');
  // "Dead letter" as a person writes it is dead-letter; anything else is left to the schema.
  if (onInvalid !== '') field.onInvalid = onInvalid.toLowerCase().replace(/\s+/g, '-');
  const fallback = text('default');
  if (fallback !== '') {
    const constants = parseConstants(fallback);
    if (isNotationProblem(constants)) fail('default', 'sheet-bad-constant', constants);
    else field.default = constants.value;
  }
  const notes = cell(columns.notes);
  if (notes.trim() !== '') field.notes = notes;
  const extra: Record<string, string> = {};
  for (const [header, column] of Object.entries(extraColumns)) {
    const value = cell(column);
    if (value.trim() !== '') extra[header] = value;
  }
  if (Object.keys(extra).length > 0) field.extra = extra;

  const checkSystem = (key: 'sourceSystem' | 'targetSystem', expected: SheetEndpoint | undefined) => {
    const written = text(key);
    if (written === '' || expected === undefined || isSystem(written, expected)) return;
    const verb = key === 'sourceSystem' ? 'reads from' : 'writes to';
    problems.push({
      key,
      problem: {
        code: 'sheet-wrong-system',
        message: `${quote(written)} is not the flow's ${key === 'sourceSystem' ? 'source' : 'target'}: flow ${context.flow} ${verb} ${quote(expected.system)}`,
        hint: `write ${expected.system}, or leave the cell empty`,
      },
    });
  };
  checkSystem('sourceSystem', context.from);
  checkSystem('targetSystem', context.to);
  return { field, problems };
}

function isSystem(written: string, expected: SheetEndpoint): boolean {
  const name = written.toLowerCase();
  return name === expected.system.toLowerCase() || name === expected.title?.trim().toLowerCase();
}
