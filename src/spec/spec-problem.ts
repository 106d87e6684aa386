import type { Locator } from './create-locator.js';

/**
 * One thing wrong with a spec, with where it is. Problems are values: every check returns
 * all it finds, so a user fixes ten of them in one pass instead of one per run.
 */
export interface SpecProblem {
  /**
   * The spec file as the user named it (`syncline.yaml`), so messages stay short; for a problem
   * in a mapping sheet, the sheet, named the same way (`mappings/customers.xlsx`).
   */
  readonly file: string;
  /** 1-based; in a mapping sheet, the row. */
  readonly line: number;
  /** 1-based; in a mapping sheet, the column (C is 3). */
  readonly col: number;
  /** The cell (`C7`) when the problem is in a mapping sheet. */
  readonly cell?: string;
  /** Where in the spec: `flows.crm-to-erp.fields[3].transform`; empty for the file itself. */
  readonly path: string;
  /** Stable kebab-case identifier (`unknown-system`); tools and docs rely on it. */
  readonly code: string;
  /** Plain English, written for the person who edits the spec. */
  readonly message: string;
  /** What to do about it, when there is something better to say than the message. */
  readonly hint?: string;
}

export type SpecPath = readonly (string | number)[];

/** Builds a problem located by `locate`; `target: 'key'` points at a mapping key rather than its value. */
export function problemAt(
  locate: Locator,
  path: SpecPath,
  code: string,
  message: string,
  options: { readonly hint?: string | undefined; readonly target?: 'key' | 'value' } = {},
): SpecProblem {
  const { line, col, file, cell } = locate(path, options.target);
  const at = { file: file ?? locate.file, line, col, ...(cell === undefined ? {} : { cell }) };
  const problem = { ...at, path: formatPath(path), code, message };
  return options.hint === undefined ? problem : { ...problem, hint: options.hint };
}

/**
 * `syncline.yaml:12:5 flows.crm-to-erp.fields[3].transform: unknown transform "lowr" (did you mean "lower"?)`;
 * in a mapping sheet the cell is the place, so the spec path is left out:
 * `mappings/customers.xlsx!C7: unknown transform "splitname" (did you mean "split-name"?)`.
 */
export function formatSpecProblem(problem: SpecProblem): string {
  const hint = problem.hint === undefined ? '' : ` (${problem.hint})`;
  if (problem.cell !== undefined) return `${problem.file}!${problem.cell}: ${problem.message}${hint}`;
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  const what = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  return `${where} ${what}${hint}`;
}

/** Orders problems as they appear in the file, so a reader can work down it. */
export function compareSpecProblems(a: SpecProblem, b: SpecProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col;
}

// Keys that read unambiguously after a dot; anything else (spaces, dots) is quoted in brackets.
const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['flows', 'crm-to-erp', 'fields', 3, 'transform']` -> `flows.crm-to-erp.fields[3].transform` */
export function formatPath(segments: SpecPath): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
