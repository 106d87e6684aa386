import type { ColumnKind } from '../discovery/column-kind.js';
import { parseSteps } from '../mapping/parse-steps.js';
import type { FieldSpec } from '../spec/schema.js';

/**
 * What a transform step makes of a value, as far as the snapshot checks need to know: a kind,
 * `same` (the value's kind and length stay: trim, lower), `shorter` (kind stays, length may
 * only drop: truncate), `text` of any length, or `unknown` (cel, lookup: nothing is assumed,
 * so nothing is reported).
 */
type StepEffect = 'number' | 'boolean' | 'date' | 'text' | 'same' | 'shorter' | 'unknown';

const stepEffects: Readonly<Record<string, StepEffect>> = {
  'parse-number': 'number',
  round: 'number',
  'convert-currency': 'number',
  'convert-unit': 'number',
  boolean: 'boolean',
  'parse-date': 'date',
  'format-date': 'text',
  hash: 'text',
  join: 'text',
  pad: 'text',
  phone: 'text',
  email: 'text',
  'split-name': 'text',
  replace: 'text',
  trim: 'same',
  lower: 'same',
  upper: 'same',
  'title-case': 'same',
  'collapse-whitespace': 'same',
  'normalize-unicode': 'same',
  transliterate: 'same',
  truncate: 'shorter',
  substring: 'shorter',
};

/** The kind of value a field writes, and whether its length is the source's (or less). */
export interface WrittenValue {
  readonly kind: ColumnKind | 'number' | 'unknown';
  /** The written text is never longer than the source value (no step can lengthen it). */
  readonly keepsLength: boolean;
  /** A step cuts the text (truncate, substring): the author has decided about length. */
  readonly isCut: boolean;
}

/**
 * Follows a field's transform steps from the source column's kind. A field with several
 * sources, an unknown step or a step whose text does not parse writes an `unknown` value.
 */
export function writtenValue(field: FieldSpec, sourceKind: ColumnKind | undefined): WrittenValue {
  if (field.from === undefined) return { kind: constantKind(field.value), keepsLength: false, isCut: false };
  if (Array.isArray(field.from) && field.from.length !== 1)
    return { kind: 'unknown', keepsLength: false, isCut: false };
  let kind: WrittenValue['kind'] = sourceKind ?? 'unknown';
  let keepsLength = true;
  let isCut = false;
  const parsed =
    field.transform === undefined ? { ok: true as const, steps: [] } : parseSteps(field.transform);
  if (!parsed.ok) return { kind: 'unknown', keepsLength: false, isCut: false };
  for (const step of parsed.steps) {
    const effect = stepEffects[step.name] ?? 'unknown';
    if (effect === 'same') continue;
    if (effect === 'shorter') {
      isCut = true;
      continue;
    }
    keepsLength = false;
    kind = effect;
  }
  return { kind, keepsLength, isCut };
}

function constantKind(value: FieldSpec['value']): WrittenValue['kind'] {
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'decimal';
  return 'unknown';
}

/**
 * Whether a value of one kind cannot go into a column of another as it is: text into a number
 * or yes/no column, a date into a number, a number into a date. Text into a date column is
 * left alone: databases read ISO dates from text, and the profile shows the formats.
 */
export function isKindMismatch(written: WrittenValue['kind'], column: ColumnKind): boolean {
  if (written === 'unknown' || written === 'other' || column === 'other' || column === 'text') return false;
  const isNumber = written === 'number' || written === 'integer' || written === 'decimal';
  const isDate = written === 'date' || written === 'datetime';
  switch (column) {
    case 'integer':
    case 'decimal':
      return written === 'text' || isDate;
    case 'boolean':
      return written === 'text' || isDate || written === 'decimal';
    case 'date':
    case 'datetime':
      return isNumber || written === 'boolean';
  }
}
