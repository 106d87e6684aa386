import { describe, expect, it } from 'vitest';
import { parseSteps } from './parse-steps.js';

function steps(source: string | string[]) {
  const result = parseSteps(source, 'fields[0].transform');
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return result.steps.map(({ name, positional, named }) => ({ name, positional, named }));
}

function problems(source: string | string[]) {
  const result = parseSteps(source, 'fields[0].transform');
  if (result.ok) throw new Error('expected syntax issues');
  return result.issues;
}

describe('parseSteps', () => {
  it('reads a pipe of bare steps', () => {
    expect(steps('trim | lower')).toEqual([
      { name: 'trim', positional: [], named: {} },
      { name: 'lower', positional: [], named: {} },
    ]);
  });

  it('records where each step starts', () => {
    const result = parseSteps('trim |  lower');
    expect(result.ok && result.steps.map((s) => s.offset)).toEqual([0, 8]);
  });

  it('reads positional and named arguments of every kind', () => {
    expect(steps("format-date(from: 'MM/dd/yyyy', to: 'yyyy-MM-dd')")).toEqual([
      { name: 'format-date', positional: [], named: { from: 'MM/dd/yyyy', to: 'yyyy-MM-dd' } },
    ]);
    expect(steps("lookup(country-codes, default: 'XX')")).toEqual([
      { name: 'lookup', positional: ['country-codes'], named: { default: 'XX' } },
    ]);
    expect(steps('max-length(80)')).toEqual([{ name: 'max-length', positional: [80], named: {} }]);
    expect(steps('f(-1.5, 2e3, true, false, null, USD, yyyy-MM-dd, MM/dd/yyyy)')[0]?.positional).toEqual([
      -1.5,
      2000,
      true,
      false,
      null,
      'USD',
      'yyyy-MM-dd',
      'MM/dd/yyyy',
    ]);
  });

  it('reads lists and inline tables', () => {
    expect(steps("format-date(to: iso, from: ['dd/MM/yyyy', yyyy-MM-dd,])")[0]?.named).toEqual({
      to: 'iso',
      from: ['dd/MM/yyyy', 'yyyy-MM-dd'],
    });
    expect(
      steps("lookup({Germany: DE, 'United Kingdom': GB, \"Côte d'Ivoire\": CI})")[0]?.positional,
    ).toEqual([{ Germany: 'DE', 'United Kingdom': 'GB', "Côte d'Ivoire": 'CI' }]);
    expect(steps('f([], {})')[0]?.positional).toEqual([[], {}]);
  });

  it('keeps a pipe, a comma and a parenthesis inside quotes', () => {
    expect(steps(`join(' | ') | join(", (x)") | upper`).map((s) => s.positional)).toEqual([
      [' | '],
      [', (x)'],
      [],
    ]);
  });

  it('knows the escapes and keeps other backslashes for regular expressions', () => {
    expect(steps(String.raw`f('it\'s', "say \"hi\"", 'a\\b', 'tab\there')`)[0]?.positional).toEqual([
      "it's",
      'say "hi"',
      'a\\b',
      'tab\there',
    ]);
    expect(steps(String.raw`pattern('^\d{3}\b\.$')`)[0]?.positional).toEqual([String.raw`^\d{3}\b\.$`]);
  });

  it('keeps non-Latin text intact', () => {
    expect(steps("default('František Wichterlová') | join('・')").map((s) => s.positional)).toEqual([
      ['František Wichterlová'],
      ['・'],
    ]);
  });

  it('takes a list of steps, each of which may be a pipe', () => {
    expect(steps(['trim', 'lower | max-length(5)']).map((s) => s.name)).toEqual([
      'trim',
      'lower',
      'max-length',
    ]);
    expect(parseSteps([]).ok).toBe(true);
  });

  it('reports an unclosed quote with its column', () => {
    const [only, ...rest] = problems("trim | join('x | lower");
    expect(rest).toEqual([]);
    expect(only?.message).toMatch(/^unclosed quote at column 13 of/);
    expect(only?.path).toBe('fields[0].transform');
    expect(only?.hint).toContain("'");
  });

  it('reports every broken step, not just the first', () => {
    const found = problems('trim || lower(80 | upper(a b) |');
    expect(found.map((i) => i.message.replace(/ of ".*$/, ''))).toEqual([
      'empty step at column 7',
      'expected , or ) after an argument, found "|" at column 18',
      'expected , or ) after an argument, found "b" at column 28',
      'empty step at the end',
    ]);
  });

  it('points list items at their index', () => {
    const found = problems(['trim', 'join(']);
    expect(found.map((i) => [i.path, i.message.replace(/ of ".*$/, '')])).toEqual([
      ['fields[0].transform[1]', 'unclosed ( at column 5'],
    ]);
  });

  it('refuses unquoted text that is not a bare word, and positional after named', () => {
    expect(problems('f(80px)')[0]?.message).toMatch(/^"80px" is not a value at column 3/);
    expect(problems("f(a: 1, 'b')")[0]?.message).toMatch(
      /^a positional argument after a named one at column 9/,
    );
    expect(problems('f(a: 1, a: 2)')[0]?.message).toMatch(/^argument "a" is given twice/);
    expect(problems('f(to: HH:mm)')[0]?.hint).toMatch(/quote text/);
    expect(problems("'trim'")[0]?.message).toMatch(/^expected a step name/);
    expect(problems('trim lower')[0]?.message).toMatch(
      /^expected \| or the end after step "trim", found "l"/,
    );
    expect(problems('f([1, 2')[0]?.message).toMatch(/^unclosed \[ at column 3/);
    expect(problems('f({a: 1')[0]?.message).toMatch(/^unclosed \{ at column 3/);
  });
});
