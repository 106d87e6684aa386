import { describe, expect, it } from 'vitest';
import type { Issue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { compileStepText } from '../compile-step-text.js';
import type { CompileContext, RecordHook } from '../transform.js';

function rule(text: string, context?: Partial<CompileContext>) {
  const compiled = compileStepText(text, 'rule', context);
  if (!compiled.ok) throw new Error(compiled.issues.map((i) => i.message).join('; '));
  return (value: unknown, row: Row = {}): Issue | undefined => compiled.run(value, row);
}

function message(text: string, value: unknown, context?: Partial<CompileContext>, row?: Row) {
  const found = rule(text, context)(value, row);
  return found === undefined ? undefined : `${found.code}: ${found.message}`;
}

function compileProblems(text: string, context?: Partial<CompileContext>): string[] {
  const compiled = compileStepText(text, 'rule', context);
  if (compiled.ok) throw new Error(`${text} compiled`);
  return compiled.issues.map((i) => `${i.code}: ${i.message}`);
}

describe('type', () => {
  it('checks the type of the value, without parsing text', () => {
    expect(message('type(string)', 'Bjørn')).toBeUndefined();
    expect(message('type(string)', 42)).toBe('wrong-type: 42 is a number, not a string');
    expect(message('type(number)', 3.96)).toBeUndefined();
    expect(message('type(number)', 12n)).toBeUndefined();
    expect(message('type(number)', '3.96')).toBe('wrong-type: "3.96" is text, not a number');
    expect(message('type(number)', Number.POSITIVE_INFINITY)).toBe(
      'wrong-type: Infinity is not a finite number, not a number',
    );
    expect(message('type(integer)', 42)).toBeUndefined();
    expect(message('type(integer)', 42.5)).toBe('wrong-type: 42.5 is a number, not an integer');
    expect(message('type(decimal)', '-1234.50')).toBeUndefined();
    expect(message('type(decimal)', '1.234,50')).toBe('wrong-type: "1.234,50" is text, not a decimal');
    expect(message('type(boolean)', 'yes')).toBe('wrong-type: "yes" is text, not a boolean');
    expect(message('type(date)', new Date(0))).toBeUndefined();
    expect(message('type(date)', '2024-01-01')).toBe('wrong-type: "2024-01-01" is text, not a date');
    expect(message('type(date)', new Date(Number.NaN))).toBe(
      'wrong-type: an invalid date is an invalid date, not a date',
    );
    expect(message('type(string)', null)).toBeUndefined();
  });
  it('hints at the transform that makes the type', () => {
    expect(rule('type(date)')('2024-01-01')?.hint).toBe('read text with parse-date');
  });
  it('refuses an unknown type', () => {
    expect(compileProblems('type(text)')).toEqual([
      'bad-step-args: validation rule "type": argument "type" is invalid: expected one of "string"|"number"|"integer"|"decimal"|"boolean"|"date" (got "text")',
    ]);
  });
});

describe('enum', () => {
  it('accepts listed values, compared as text', () => {
    expect(message('enum([BR, CZ, NO])', 'NO')).toBeUndefined();
    expect(message('enum([1, 2, 3])', '2')).toBeUndefined();
    expect(message("enum(['1', '2'])", 2)).toBeUndefined();
    expect(message('enum([BR, CZ, NO])', 'no')).toBe('not-allowed: "no" is not one of BR, CZ, NO');
    expect(rule('enum([BR, CZ, NO])')('NX')?.hint).toBe('did you mean "NO"?');
    expect(message('enum([BR, CZ, NO], ignoreCase: true)', 'no')).toBeUndefined();
    expect(message('enum([BR])', '')).toBeUndefined();
  });
  it('shortens long lists in the message, refuses repeated values', () => {
    const list = Array.from({ length: 12 }, (_, i) => `v${i}`).join(', ');
    expect(message(`enum([${list}])`, 'x')).toBe(
      'not-allowed: "x" is not one of v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, … (12 in all)',
    );
    expect(compileProblems('enum([a, A], ignoreCase: true)')).toEqual([
      'bad-step-args: validation rule "enum": values lists the same value twice',
    ]);
  });
});

describe('range', () => {
  it('compares numbers exactly, numbers and decimal text alike', () => {
    expect(message('range(0, 100)', 42.5)).toBeUndefined();
    expect(message('range(0, 100)', 100)).toBeUndefined();
    expect(message('range(0, 100)', 100.01)).toBe('out-of-range: 100.01 is more than the maximum 100');
    expect(message('range(min: 0)', '-0.01')).toBe('out-of-range: "-0.01" is less than the minimum 0');
    expect(message('range(max: 0.3)', '0.30000000000000000001')).toBe(
      'out-of-range: "0.30000000000000000001" is more than the maximum 0.3',
    );
    expect(message('range(min: 1)', 1n)).toBeUndefined();
    expect(message('range(0, 1)', 'abc')).toBe(
      'out-of-range: "abc" is not a number, so it cannot be checked against the range',
    );
    expect(message('range(0, 1)', null)).toBeUndefined();
  });
  it('compares dates when the bounds are ISO dates', () => {
    expect(message("range('2009-01-01', '2025-12-31')", '2021-01-01 00:00:00')).toBeUndefined();
    expect(message("range('2009-01-01', '2025-12-31')", new Date(Date.UTC(2008, 11, 31)))).toBe(
      'out-of-range: 2008-12-31T00:00:00.000Z is less than the minimum 2009-01-01',
    );
    expect(message("range(max: '2025-12-31')", '2026-01-01')).toBe(
      'out-of-range: "2026-01-01" is more than the maximum 2025-12-31',
    );
    expect(message("range(min: '2000-01-01')", 'yesterday')).toBe(
      'out-of-range: "yesterday" is not a date, so it cannot be checked against the range',
    );
  });
  it('refuses bounds that make no sense', () => {
    expect(compileProblems('range')).toEqual([
      'bad-step-args: validation rule "range": give min:, max: or both',
    ]);
    expect(compileProblems("range(0, '2020-01-01')")).toEqual([
      'bad-step-args: validation rule "range": min and max must both be numbers or both be dates',
    ]);
    expect(compileProblems('range(10, 1)')).toEqual([
      'bad-step-args: validation rule "range": min 10 is greater than max 1',
    ]);
    expect(compileProblems("range(min: 'soon')")).toEqual([
      'bad-step-args: validation rule "range": "soon" is neither a number nor an ISO date',
    ]);
  });
});

describe('min-length', () => {
  it('counts characters as people do', () => {
    expect(message('min-length(2)', 'Bø')).toBeUndefined();
    expect(message('min-length(2)', '👍')).toBe('too-short: "👍" has 1 character, fewer than min-length 2');
    expect(message('min-length(5)', 'Dan')).toBe(
      'too-short: "Dan" has 3 characters, fewer than min-length 5',
    );
    expect(message('min-length(3)', 12345)).toBeUndefined();
    expect(message('min-length(3)', '')).toBeUndefined();
  });
});

describe('phone', () => {
  it('accepts the Chinook numbers and says why others fail', () => {
    for (const number of [
      '+55 (12) 3923-5555',
      '+49 0711 2842222',
      '+1 (514) 721-4711',
      '+420 2 4172 5555',
    ]) {
      expect(message('phone', number), number).toBeUndefined();
    }
    expect(message('phone(DE)', '0711 2842222')).toBeUndefined();
    expect(message('phone', '12345')).toBe(
      'bad-phone: "12345" is not a valid phone number: it has no +country code and no country: is given',
    );
    expect(message('phone(check: possible)', '+1 (555) 010-0123')).toBeUndefined();
    expect(message('phone', '')).toBeUndefined();
  });
});

describe('date', () => {
  it('accepts dates and text in the patterns, refuses impossible dates', () => {
    expect(message("date('dd/MM/yyyy')", '29/02/2024')).toBeUndefined();
    expect(message("date('dd/MM/yyyy')", '29/02/2023')).toBe(
      'bad-date: "29/02/2023" matches none of the date patterns tried: dd/MM/yyyy',
    );
    expect(message("date(['dd/MM/yyyy', iso])", '2024-01-05')).toBeUndefined();
    expect(message('date', new Date(0))).toBeUndefined();
    expect(message('date(excel)', 45292)).toBeUndefined();
    expect(message('date(excel)', 60)).toBe('bad-date: 60 is not a date in the numeric format of: excel');
    expect(message('date', null)).toBeUndefined();
  });
});

describe('unique', () => {
  it('refuses a value seen earlier, claimed only by records that are written', () => {
    const hooks: RecordHook[] = [];
    const check = rule('unique(ignoreCase: true)', { onRecordDone: (hook) => hooks.push(hook) });
    const done = (written: boolean) => {
      for (const hook of hooks) written ? hook.commit() : hook.discard();
    };
    expect(check('luisg@embraer.com.br')).toBeUndefined();
    done(true);
    expect(check('LuisG@Embraer.com.br')).toMatchObject({
      code: 'duplicate',
      message: '"LuisG@Embraer.com.br" already appeared in this run',
    });
    done(false);
    expect(check('bjorn.hansen@yahoo.no')).toBeUndefined();
    done(false);
    expect(check('bjorn.hansen@yahoo.no')).toBeUndefined();
    done(true);
    expect(check('bjorn.hansen@yahoo.no')?.code).toBe('duplicate');
  });
  it('claims at once when compiled on its own, and lets missing values repeat', () => {
    const check = rule('unique');
    expect(check(1)).toBeUndefined();
    expect(check('1')?.code).toBe('duplicate');
    expect(check(null)).toBeUndefined();
    expect(check(null)).toBeUndefined();
  });
});

describe('reference', () => {
  const lookups = { genres: { Rock: '1', Jazz: '2', 'Bossa Nova': '3' } };
  it('accepts keys of the table, with a suggestion for a near miss', () => {
    expect(message('reference(genres)', 'Rock', { lookups })).toBeUndefined();
    expect(message('reference(genres, ignoreCase: true)', 'bossa nova', { lookups })).toBeUndefined();
    const missing = rule('reference(genres)', { lookups })('Rok');
    expect(missing).toMatchObject({
      code: 'unknown-reference',
      message: '"Rok" is not a key of lookup table "genres"',
      hint: 'did you mean "Rock"? add it to the table, or fix the value at the source',
    });
  });
  it('reports an unknown or unloaded table when the mapping compiles', () => {
    expect(compileProblems('reference(genre)', { lookups })).toEqual([
      'unknown-lookup: validation rule "reference": no lookup table "genre" under lookups: (did you mean "genres"?)',
    ]);
    expect(
      compileProblems('reference(tracks)', { lookups, unloadedLookups: new Map([['tracks', 'tracks.csv']]) }),
    ).toEqual([
      'lookup-not-loaded: validation rule "reference": lookup table "tracks" is read from tracks.csv, which was not loaded',
    ]);
  });
});

describe('cel', () => {
  const rowFields = ['Country', 'StartDate'];
  it('passes when the expression is true, with the message given or the expression', () => {
    expect(message("cel('value >= 0.0')", 3.96)).toBeUndefined();
    expect(message("cel('value >= 0.0')", -1)).toBe('cel-false: -1 fails value >= 0.0');
    expect(message("cel('value.startsWith(\"+\")', message: 'needs a +country code')", '0711 2842222')).toBe(
      'cel-false: "0711 2842222" needs a +country code',
    );
  });
  it('sees missing values and the rest of the record', () => {
    const conditional = 'cel(\'Country != "USA" || value != null\')';
    expect(message(conditional, null, { rowFields }, { Country: 'USA' })).toBe(
      'cel-false: null fails Country != "USA" || value != null',
    );
    expect(message(conditional, null, { rowFields }, { Country: 'Norway' })).toBeUndefined();
  });
  it('reports failures and non-boolean results on the record', () => {
    expect(message("cel('value > 1.0')", 'x')).toBe(
      'cel-error: "value > 1.0" failed for "x": no such overload: dyn<string> > double',
    );
    expect(message("cel('row.flag')", 1, {}, { flag: 'yes' })).toBe(
      'cel-error: "row.flag" gave "yes", not true or false',
    );
  });
  it('needs a boolean expression and known names when the mapping compiles', () => {
    // A dyn result may be a boolean: it is checked on each record instead.
    expect(message("cel('value')", 'x')).toBe('cel-error: "value" gave "x", not true or false');
    expect(compileProblems("cel('size(value)')")).toEqual([
      'bad-cel: validation rule "cel": "size(value)" gives int, but a rule needs true or false',
    ]);
    expect(compileProblems('cel(\'Contry == "x"\')', { rowFields })).toEqual([
      'bad-cel: validation rule "cel": "Contry == \\"x\\"": Unknown variable: Contry at column 1',
    ]);
  });
});
