import type { Locator } from './create-locator.js';

/**
 * One thing wrong with a spec, with where it is. Problems are values: every check returns
 * all it finds, so a user fixes ten of them in one pass instead of one per run.
 */
export interface SpecProblem {
  /** The spec file as the user named it (`syncline.yaml`), so messages stay short. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly col: number;
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
  const { line, col } = locate(path, options.target);
  const problem = { file: locate.file, line, col, path: formatPath(path), code, message };
  return options.hint === undefined ? problem : { ...problem, hint: options.hint };
}

/** `syncline.yaml:12:5 flows.crm-to-erp.fields[3].transform: unknown transform "lowr" (did you mean "lower"?)` */
export function formatSpecProblem(problem: SpecProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  const what = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  const hint = problem.hint === undefined ? '' : ` (${problem.hint})`;
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
