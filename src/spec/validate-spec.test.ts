import { describe, expect, it } from 'vitest';
import { parseSpec } from './load-spec.js';
import type { SpecProblem } from './spec-problem.js';

/** A valid spec with one flow; `extra` lines are appended under the flow `f`. */
function problemsWith(...flowLines: string[]): Omit<SpecProblem, 'file'>[] {
  return problemsOf([
    'version: 1',
    'project: { name: p }',
    'systems:',
    '  crm: { kind: postgres }',
    'flows:',
    '  f:',
    '    from: { system: crm }',
    '    to: { system: crm }',
    ...flowLines.map((line) => `    ${line}`),
  ]);
}

function problemsOf(lines: string[]): Omit<SpecProblem, 'file'>[] {
  const result = parseSpec(lines.join('\n'), 'spec.yaml');
  if (result.ok) return [];
  return result.problems.map(({ file: _, ...rest }) => rest);
}

describe('validateSpec messages', () => {
  it('names an unknown key at the key, suggesting the closest allowed one', () => {
    expect(problemsWith('trigger: { shedule: "* * * * *" }')).toEqual([
      {
        line: 9,
        col: 16,
        path: 'flows.f.trigger.shedule',
        code: 'unknown-key',
        message: 'unknown key "shedule"',
        hint: 'did you mean "schedule"?',
      },
    ]);
  });

  it('lists the allowed keys when nothing is close', () => {
    const [problem] = problemsWith('backfill: { since: "2015-01-01" }');
    expect(problem?.hint).toBe('the keys allowed here are from, to, chunk, rate, parallel');
  });

  it('reports each unknown key of one block separately', () => {
    const problems = problemsWith('monitoring: { freshnes: 1h, expect: {} }');
    expect(problems.map((p) => [p.col, p.path, p.hint])).toEqual([
      [19, 'flows.f.monitoring.freshnes', 'did you mean "freshness"?'],
      [33, 'flows.f.monitoring.expect', 'did you mean "expected"?'],
    ]);
  });

  it('says which key is missing, at its parent, with what it is for', () => {
    expect(problemsOf(['version: 1', 'project:', '  owner: me', 'systems: {}'])).toEqual([
      {
        line: 2,
        col: 1,
        path: 'project.name',
        code: 'missing-key',
        message: 'required key "name" is missing',
        hint: 'add name: under project — Project name, shown on reports and the dashboard',
      },
    ]);
  });

  it('reports a wrong type in words, with the usual fix', () => {
    const [problem] = problemsWith('errors: { retry: { attempts: "5" } }');
    expect(problem).toMatchObject({
      path: 'flows.f.errors.retry.attempts',
      code: 'wrong-type',
      message: 'expected a number, got text "5"',
      hint: 'remove the quotes around the number',
    });
    expect(problemsWith('enabled: "no"')[0]?.message).toBe('expected true or false, got text "no"');
    expect(problemsWith('description: 2024')[0]).toMatchObject({
      message: 'expected text, got the number 2024',
      hint: 'put it in quotes: "2024"',
    });
    expect(problemsWith('errors: [retry]')[0]?.message).toBe(
      'expected a block of settings (key: value), got a list',
    );
  });

  it('lists the choices for a value that is not one of them', () => {
    expect(problemsWith('onInvalid: dead-leter')[0]).toMatchObject({
      code: 'invalid-value',
      message:
        'expected one of "dead-letter", "default", "drop-field", "warn" or "stop", got text "dead-leter"',
      hint: 'did you mean "dead-letter"?',
    });
    expect(problemsOf(['version: 2', 'project: { name: p }', 'systems: {}'])[0]?.message).toBe(
      'expected 1, got the number 2',
    );
  });

  it('keeps the advice written into the schema for formats', () => {
    expect(problemsWith('monitoring: { freshness: 1 hour }')[0]).toMatchObject({
      code: 'invalid-format',
      message: 'text "1 hour" is not valid: write a duration such as "30s", "5m", "1h" or "2d"',
    });
  });

  it('reports a badly formed name at the name', () => {
    const problems = problemsOf([
      'version: 1',
      'project: { name: p }',
      'systems:',
      '  sales crm: { kind: x }',
    ]);
    expect(problems).toEqual([
      {
        line: 4,
        col: 3,
        path: 'systems["sales crm"]',
        code: 'invalid-name',
        message:
          'the name "sales crm" is not allowed: use letters, digits, "-" and "_", starting with a letter',
      },
    ]);
  });

  it('reports sizes and ranges in words', () => {
    expect(problemsWith('errors: { retry: { attempts: 0 } }')[0]?.message).toBe(
      'must be at least 1, got the number 0',
    );
    expect(problemsWith('errors: { retry: { attempts: 500 } }')[0]?.message).toBe(
      'must be at most 100, got the number 500',
    );
    expect(problemsWith('backfill: { chunk: 0 }')[0]?.message).toBe('must be more than 0, got the number 0');
    expect(problemsWith('monitoring: { expected: { perRun: [1] } }')[0]?.message).toBe(
      'needs at least 2 items, got 1',
    );
    expect(problemsWith('monitoring: { expected: { perRun: [1, 2, 3] } }')[0]?.message).toBe(
      'can have at most 2 items, got 3',
    );
    expect(problemsWith('fields: [{ to: "" }]')[0]).toMatchObject({
      path: 'flows.f.fields[0].to',
      message: 'must not be empty',
    });
  });

  it('explains a union by the option whose type fits, or else by the types it takes', () => {
    expect(problemsWith('fields: [{ to: 5 }]')[0]).toMatchObject({
      code: 'wrong-type',
      message: 'expected text or a list, got the number 5',
    });
    expect(problemsWith('fields: [{ to: [a, 5] }]')[0]).toMatchObject({
      path: 'flows.f.fields[0].to[1]',
      message: 'expected text, got the number 5',
    });
    expect(problemsWith('fields: [{ from: a }]')[0]).toMatchObject({
      code: 'missing-key',
      path: 'flows.f.fields[0].to',
    });
  });

  it('reports every problem of the spec at once', () => {
    const problems = problemsWith('onInvalid: nope', 'rollback: maybe', 'enabled: 1', 'colour: red');
    expect(problems.map((p) => p.path)).toEqual([
      'flows.f.onInvalid',
      'flows.f.rollback',
      'flows.f.enabled',
      'flows.f.colour',
    ]);
  });
});
