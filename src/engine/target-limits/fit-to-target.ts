import { type Issue, recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import type { ColumnShape, TableShape } from '../../core/table-shape.js';
import { showValue } from '../../mapping/show-value.js';
import { spellScriptLetter } from '../../mapping/transforms/script-spellings.js';
import { asciiSpellings } from '../../mapping/transforms/transliterate.js';
import type { FitSpec } from '../../spec/schema.js';
import {
  type CharsetCheck,
  charsetCheck,
  normaliseCharset,
  type PlainTextCheck,
  plainTextCheck,
} from './charset-check.js';
import { textLength, truncateText } from './truncate-text.js';

/** A mapped row fitted to the target: the row to write, or why it cannot be written. */
export type FitOutcome =
  | { readonly ok: true; readonly row: Row; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Fits mapped rows; `column(name)` fits one column's values alone: the value to write, or
 * undefined when the value would not fit cleanly (an issue or a warning, which a caller that
 * needs the full outcome gets by fitting the whole row).
 */
export interface RowFitter {
  (row: Row): FitOutcome;
  readonly column: (name: string) => (value: unknown) => unknown;
}

const none: readonly Issue[] = [];

interface ColumnFit {
  readonly shape: ColumnShape;
  readonly tooLong: 'reject' | 'truncate';
  readonly unencodable: 'reject' | 'transliterate' | 'replace';
  readonly empty: 'keep' | 'null' | 'empty-string';
  readonly fits: CharsetCheck;
  readonly plain: PlainTextCheck;
  readonly charset: string | undefined;
}

export interface FitContext {
  /** `erp table "clients"`, for messages. */
  readonly label: string;
  readonly shape: TableShape | undefined;
  readonly fit: FitSpec | undefined;
  /** The system's declared `charset:`, used where the schema does not say. */
  readonly systemCharset: string | undefined;
  /** Target key columns: an empty one is reported by the engine as a missing key instead. */
  readonly key?: readonly string[];
}

/**
 * Compiles the fit of mapped rows to the target's columns (issue 3 item 3): empty values per
 * the column's `empty:` policy, null into a NOT NULL column refused, text longer than the
 * column truncated or refused, characters the column's charset cannot store transliterated,
 * replaced or refused — each refusal an Issue naming the column, the value and the limit, so
 * the record becomes a dead letter with a reason instead of a database error for the batch.
 * Text that fits is passed on byte for byte.
 */
export function compileFit(context: FitContext): RowFitter | undefined {
  const { fit } = context;
  const declared = context.systemCharset === undefined ? undefined : normaliseCharset(context.systemCharset);
  if (context.shape === undefined && declared === undefined) return undefined;
  // A system that declares its charset but cannot describe its columns: every text is checked.
  const shape = context.shape ?? { name: '', kind: 'table', columns: [], primaryKey: [] };
  const columns = new Map<string, ColumnFit>();
  for (const column of shape.columns) {
    const own = fit?.columns?.[column.name];
    const charset = column.charset ?? shape.charset ?? declared;
    columns.set(column.name, {
      shape: column,
      tooLong: own?.tooLong ?? fit?.tooLong ?? 'reject',
      unencodable: own?.unencodable ?? fit?.unencodable ?? 'reject',
      empty: own?.empty ?? 'keep',
      ...charsetChecks(charset),
      charset: charset,
    });
  }
  const tableCharset = shape.charset ?? declared;
  const keys = new Set(context.key ?? []);
  const otherColumn = (name: string): ColumnFit | undefined => {
    if (tableCharset === undefined) return undefined;
    const own = fit?.columns?.[name];
    const column: ColumnFit = {
      shape: { name, type: 'text', nullable: true, hasDefault: false },
      tooLong: 'reject',
      unencodable: own?.unencodable ?? fit?.unencodable ?? 'reject',
      empty: own?.empty ?? 'keep',
      ...charsetChecks(tableCharset),
      charset: tableCharset,
    };
    columns.set(name, column);
    return column;
  };
  // Scratch lists reused row after row (fitRow is synchronous): a row that fits, the common
  // case, allocates nothing.
  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const fitColumn = (name: string) => {
    const isKey = keys.has(name);
    return (value: unknown): unknown => {
      const column = columns.get(name) ?? otherColumn(name);
      if (column === undefined) return value;
      clear(issues);
      clear(warnings);
      const fitted = fitValue(value, column, context.label, issues, warnings, isKey);
      return issues.length > 0 || warnings.length > 0 ? undefined : fitted;
    };
  };
  return Object.assign(
    function fitRow(row: Row): FitOutcome {
      let out: Record<string, unknown> | undefined;
      clear(issues);
      clear(warnings);
      for (const name in row) {
        const value = row[name];
        const column = columns.get(name) ?? otherColumn(name);
        if (column === undefined) continue;
        const fitted = fitValue(value, column, context.label, issues, warnings, keys.has(name));
        if (fitted !== value) {
          out ??= { ...row };
          out[name] = fitted;
        }
      }
      if (issues.length > 0) return { ok: false, issues: [...issues] };
      return { ok: true, row: (out ?? row) as Row, warnings: warnings.length === 0 ? none : [...warnings] };
    },
    { column: fitColumn },
  );
}

/** Empties a scratch list; setting `length` costs a runtime call even on an empty list. */
function clear(list: Issue[]): void {
  if (list.length > 0) list.length = 0;
}

function fitValue(
  value: unknown,
  column: ColumnFit,
  label: string,
  issues: Issue[],
  warnings: Issue[],
  isKey: boolean,
): unknown {
  const { shape } = column;
  let current = value;
  if (column.empty === 'null' && typeof current === 'string' && current.trim() === '') current = null;
  if (column.empty === 'empty-string' && (current === null || current === undefined)) current = '';
  if (current === null || current === undefined) {
    if (!shape.nullable && !isKey && !(current === undefined && shape.hasDefault)) {
      issues.push(
        recordIssue(
          'null-not-allowed',
          shape.name,
          `is empty, but ${label} column ${shape.name} is NOT NULL`,
          {
            stage: 'validate',
            hint: `map a value to it, add a default(...) transform, or set fit.columns.${shape.name}.empty: empty-string`,
          },
        ),
      );
    }
    return current;
  }
  if (typeof current !== 'string') return current;

  const plain = column.plain(current) && !(shape.rejectsNul && current.includes('\u0000'));
  const encoded = plain ? current : fitCharacters(current, column, label);
  if (typeof encoded !== 'string') {
    issues.push(encoded);
    return current;
  }
  if (encoded !== current) {
    warnings.push(
      recordIssue(
        'characters-replaced',
        shape.name,
        `${showValue(current)} written as ${showValue(encoded)}: ${label} column ${shape.name} stores ${column.charset ?? 'no such characters'}`,
        { stage: 'validate' },
      ),
    );
  }
  const max = shape.maxLength;
  if (max === undefined) return encoded;
  const length = textLength(encoded);
  if (length <= max) return encoded;
  if (column.tooLong === 'truncate') {
    const cut = truncateText(encoded, max);
    warnings.push(
      recordIssue(
        'truncated',
        shape.name,
        `${length} characters cut to ${textLength(cut)}: ${label} column ${shape.name} holds ${max}`,
        { stage: 'validate' },
      ),
    );
    return cut;
  }
  issues.push(
    recordIssue(
      'too-long',
      shape.name,
      `${showValue(encoded)} is ${length} characters, but ${label} column ${shape.name} holds ${max}`,
      {
        stage: 'validate',
        hint: `add truncate(${max}) to the field, or set fit.tooLong: truncate (or fit.columns.${shape.name}.tooLong)`,
      },
    ),
  );
  return encoded;
}

function charsetChecks(charset: string | undefined): { fits: CharsetCheck; plain: PlainTextCheck } {
  const fits = charsetCheck(charset);
  return { fits, plain: plainTextCheck(charset, fits) };
}

/** The text with every character the column can store; an Issue when the policy refuses. */
function fitCharacters(text: string, column: ColumnFit, label: string): string | Issue {
  const { shape } = column;
  let out = '';
  let changed = false;
  for (const char of text) {
    const storable = column.fits(char) && !(char === '\u0000' && shape.rejectsNul);
    if (storable) {
      out += char;
      continue;
    }
    const substitute = substituteFor(char, column);
    if (substitute === undefined) {
      const where =
        char === '\u0000'
          ? 'cannot store U+0000'
          : isSurrogate(char)
            ? 'cannot store half a character (a lone surrogate, left by a cut in the wrong place)'
            : `stores ${column.charset ?? 'Unicode text'} only`;
      return recordIssue(
        'unencodable',
        shape.name,
        `${showValue(text)} has ${JSON.stringify(char)} (U+${codePoint(char)}), but ${label} column ${shape.name} ${where}`,
        {
          stage: 'validate',
          hint:
            column.unencodable === 'reject'
              ? `set fit.unencodable: transliterate or replace (or fit.columns.${shape.name}.unencodable), or add a transliterate step`
              : 'no spelling in the target charset exists for it: use fit.unencodable: replace, or a replace(...) step',
        },
      );
    }
    out += substitute;
    changed = true;
  }
  return changed ? out : text;
}

function substituteFor(char: string, column: ColumnFit): string | undefined {
  if (char === '\u0000') return column.unencodable === 'reject' ? undefined : '';
  if (column.unencodable === 'replace') return column.fits('?') ? '?' : undefined;
  if (column.unencodable !== 'transliterate') return undefined;
  const spelt =
    asciiSpellings[char] ??
    spellScriptLetter(char) ??
    char
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[\u0080-\u{10FFFF}]/gu, '');
  if (spelt === '' || ![...spelt].every(column.fits)) return undefined;
  return spelt;
}

function codePoint(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

function isSurrogate(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0xd800 && code <= 0xdfff;
}
