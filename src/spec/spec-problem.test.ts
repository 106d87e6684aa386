import { describe, expect, it } from 'vitest';
import {
  compareSpecProblems,
  formatPath,
  formatSpecProblem,
  problemAt,
  type SpecProblem,
} from './spec-problem.js';

describe('formatPath', () => {
  it('joins keys with dots and puts list indexes in brackets', () => {
    expect(formatPath(['flows', 'crm-to-erp', 'fields', 3, 'transform'])).toBe(
      'flows.crm-to-erp.fields[3].transform',
    );
  });

  it('quotes keys that would read ambiguously', () => {
    expect(formatPath(['lookups', 'countries', 'United Kingdom'])).toBe(
      'lookups.countries["United Kingdom"]',
    );
    expect(formatPath(['systems', 'a.b'])).toBe('systems["a.b"]');
    expect(formatPath(['$schema'])).toBe('$schema');
  });

  it('renders the root as empty and a root list index alone', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath([0, 'a'])).toBe('[0].a');
  });
});

describe('formatSpecProblem', () => {
  const problem: SpecProblem = {
    file: 'syncline.yaml',
    line: 12,
    col: 5,
    path: 'flows.crm-to-erp.fields[3].transform',
    code: 'unknown-transform',
    message: 'unknown transform "lowr"',
    hint: 'did you mean "lower"?',
  };

  it('puts file:line:col first, then the path, the message and the hint', () => {
    expect(formatSpecProblem(problem)).toBe(
      'syncline.yaml:12:5 flows.crm-to-erp.fields[3].transform: unknown transform "lowr" (did you mean "lower"?)',
    );
  });

  it('leaves out an empty path and a missing hint', () => {
    const { hint: _, ...withoutHint } = problem;
    expect(formatSpecProblem({ ...withoutHint, path: '' })).toBe(
      'syncline.yaml:12:5 unknown transform "lowr"',
    );
  });

  it('names the cell of a problem in a mapping sheet, which says more than the spec path', () => {
    const inSheet = { ...problem, file: 'mappings/customers.xlsx', line: 7, col: 3, cell: 'C7' };
    expect(formatSpecProblem(inSheet)).toBe(
      'mappings/customers.xlsx!C7: unknown transform "lowr" (did you mean "lower"?)',
    );
  });
});

describe('problemAt', () => {
  it('takes the file and cell from the locator when the place is in a mapping sheet', () => {
    const locate = Object.assign(
      (path: readonly (string | number)[]) =>
        path[2] === 'fields'
          ? { line: 7, col: 3, file: 'mappings/customers.xlsx', cell: 'C7' }
          : { line: 1, col: 1 },
      { file: 'syncline.yaml' },
    );
    expect(problemAt(locate, ['flows', 'f', 'fields', 5, 'transform'], 'unknown-transform', 'm')).toEqual({
      file: 'mappings/customers.xlsx',
      line: 7,
      col: 3,
      cell: 'C7',
      path: 'flows.f.fields[5].transform',
      code: 'unknown-transform',
      message: 'm',
    });
    expect(problemAt(locate, ['version'], 'c', 'm')).toEqual({
      file: 'syncline.yaml',
      line: 1,
      col: 1,
      path: 'version',
      code: 'c',
      message: 'm',
    });
  });
});

describe('compareSpecProblems', () => {
  it('orders problems as they appear in the file', () => {
    const at = (line: number, col: number) => ({ file: 'a', line, col, path: '', code: 'c', message: 'm' });
    const sorted = [at(3, 1), at(1, 9), at(1, 2)].sort(compareSpecProblems);
    expect(sorted.map((p) => `${p.line}:${p.col}`)).toEqual(['1:2', '1:9', '3:1']);
  });
});
