import { describe, expect, it } from 'vitest';
import { compileProblemsWithHints, problem, step } from './compile-for-test.js';

describe('coalesce', () => {
  it('takes the first value that is there', () => {
    expect(step('coalesce')([null, '', '+47 22 44 22 22', 'x'])).toBe('+47 22 44 22 22');
    expect(step('coalesce')([0, 1])).toBe(0);
    expect(step('coalesce')([false, true])).toBe(false);
    expect(step("coalesce(default: 'unknown')")([null, '  '])).toBe('unknown');
    expect(step('coalesce')([null, null])).toBeNull();
  });
  it('keeps empty text as a value with skipEmpty: false, and works on one value', () => {
    expect(step('coalesce(skipEmpty: false)')([null, '', 'x'])).toBe('');
    expect(step("coalesce(default: 'n/a')")(null)).toBe('n/a');
    expect(step("coalesce(default: 'n/a')")('Bjørn')).toBe('Bjørn');
  });
});

describe('boolean', () => {
  const bool = step('boolean');
  it('reads the usual spellings, any case, and writes true/false', () => {
    for (const yes of ['yes', 'Y', 'TRUE', ' on ', '1', 't', 1, true, 1n])
      expect(bool(yes), String(yes)).toBe(true);
    for (const no of ['No', 'n', 'false', 'OFF', '0', 'F', 0, false, 0n])
      expect(bool(no), String(no)).toBe(false);
  });
  it('writes the values the target wants', () => {
    expect(step("boolean(true: 'Y', false: 'N')")('yes')).toBe('Y');
    expect(step('boolean(true: 1, false: 0)')('no')).toBe(0);
    expect(step('boolean(trueWords: [ja, j], falseWords: [nein])')('JA')).toBe(true);
  });
  it('refuses anything else instead of guessing', () => {
    expect(problem(bool('maybe'))).toEqual({
      code: 'not-boolean',
      message: '"maybe" is not a yes/no value (expected true/yes/y/1/on/t or false/no/n/0/off/f)',
    });
    expect(problem(bool(2)).code).toBe('not-boolean');
    expect(problem(step('boolean(trueWords: [ja])')('yes')).message).toBe(
      '"yes" is not a yes/no value (expected ja or false/no/n/0/off/f)',
    );
  });
  it('passes null and turns blank text into null', () => {
    expect(bool(null)).toBeNull();
    expect(bool('')).toBeNull();
  });
  it('refuses a word that is both true and false', () => {
    expect(compileProblemsWithHints('boolean(trueWords: [x, y], falseWords: [Y])')).toEqual([
      'bad-step-args: transform "boolean": "y" is both a true and a false word [usage: boolean(true: …, false: …, trueWords: …, falseWords: …) — Reads yes/no, Y/N, 1/0, true/false, on/off (any case) and writes true/false or the given values.]',
    ]);
  });
});

describe('phone', () => {
  const phone = step('phone');
  it('writes the Chinook numbers in E.164, whatever their layout', () => {
    const numbers: [string, string][] = [
      ['+55 (12) 3923-5555', '+551239235555'],
      ['+49 0711 2842222', '+497112842222'],
      ['+1 (514) 721-4711', '+15147214711'],
      ['+420 2 4172 5555', '+420241725555'],
      ['+47 22 44 22 22', '+4722442222'],
      ['+44 020 7976 5722', '+442079765722'],
      ['+61 (02) 9332 3633', '+61293323633'],
      ['+54 (0)11 4311 4333', '+541143114333'],
    ];
    for (const [written, e164] of numbers) expect(phone(written), written).toBe(e164);
  });
  it('reads national numbers with country:, and writes other formats', () => {
    expect(step('phone(DE)')('0711 2842222')).toBe('+497112842222');
    expect(step('phone(country: br)')('(12) 3923-5555')).toBe('+551239235555');
    expect(step('phone(CA, format: international)')('(514) 721-4711')).toBe('+1 514 721 4711');
    expect(step('phone(format: national)')('+420 2 4172 5555')).toBe('241 725 555');
    expect(step('phone(format: rfc3966)')('+47 22 44 22 22')).toBe('tel:+4722442222');
    expect(step('phone(NO)')(22442222)).toBe('+4722442222');
  });
  it('says why a number is refused', () => {
    expect(problem(phone('12345'))).toEqual({
      code: 'bad-phone',
      message: '"12345" is not a valid phone number: it has no +country code and no country: is given',
    });
    expect(problem(step('phone(US)')('12345')).message).toBe(
      '"12345" is not a valid phone number: too short',
    );
    expect(problem(phone('+1 555 0100 1234 5678')).message).toBe(
      '"+1 555 0100 1234 5678" is not a valid phone number: too long',
    );
    expect(problem(phone('+1 (555) 010-0123')).message).toBe(
      '"+1 (555) 010-0123" is not a valid phone number: it is not a number in use in +1',
    );
    expect(problem(phone('call me')).code).toBe('bad-phone');
    expect(step('phone(check: possible)')('+1 (555) 010-0123')).toBe('+15550100123');
  });
  it('passes null, turns blank text into null', () => {
    expect(phone(null)).toBeNull();
    expect(phone(' ')).toBeNull();
  });
  it('refuses an unknown country when the mapping compiles', () => {
    expect(compileProblemsWithHints('phone(XX)')).toEqual([
      'bad-step-args: transform "phone": country "XX" has no phone numbering plan [use an ISO 3166 two-letter code such as DE, BR, CA]',
    ]);
  });
});

describe('cel', () => {
  const rowFields = ['Country', 'Total', 'FirstName', 'Customer Name'];
  it('computes with the value, the row and the source fields', () => {
    expect(step("cel('value * 1.19')", { rowFields })(10.5)).toBe(12.495);
    expect(
      step('cel(\'Country == "Brazil" ? "LATAM" : "EMEA"\')', { rowFields })(null, { Country: 'Brazil' }),
    ).toBe('LATAM');
    expect(
      step('cel(\'row["Customer Name"] + " (" + Country + ")"\')', { rowFields })(null, {
        'Customer Name': 'Luís Gonçalves',
        Country: 'Brazil',
      }),
    ).toBe('Luís Gonçalves (Brazil)');
    expect(step("cel('size(value)')", { rowFields })('Wójcik')).toBe(6);
    expect(step('cel(\'[value, FirstName].join(" ")\')', { rowFields })('x', { FirstName: 'Bjørn' })).toBe(
      'x Bjørn',
    );
  });
  it('refuses unknown names when the mapping compiles, with a suggestion', () => {
    expect(compileProblemsWithHints('cel(\'Contry == "Brazil"\')', { rowFields })).toEqual([
      'bad-cel: transform "cel": "Contry == \\"Brazil\\"": Unknown variable: Contry at column 1 [did you mean "Country"?]',
    ]);
    expect(compileProblemsWithHints("cel('Email')", { rowFields })[0]).toMatch(
      /Unknown variable: Email at column 1 \[known names: value, row, Country, Total, FirstName; write row\["Email"\] for a field not named in the mapping\]$/,
    );
    expect(compileProblemsWithHints("cel('value +')")[0]).toMatch(
      /^bad-cel: transform "cel": "value \+": Unexpected token: EOF/,
    );
    expect(compileProblemsWithHints('cel(\'1 + "a"\')')[0]).toMatch(/no such overload: int \+ string/);
  });
  it('turns a failure on a record into an issue', () => {
    const run = step("cel('value * 2.0')", { rowFields });
    expect(problem(run('x'))).toEqual({
      code: 'cel-error',
      message: '"value * 2.0" failed: no such overload: dyn<string> * double',
    });
    expect(problem(step("cel('Total + 1.0')", { rowFields })(null, {}))).toEqual({
      code: 'cel-error',
      message: '"Total + 1.0" failed: the record has no field "Total"',
    });
  });
  it('leaves fields named like CEL types to row[...]', () => {
    const run = step('cel(\'row["int"] + size\')', { rowFields: ['int', 'size'] });
    expect(run(null, { int: 'a', size: 'b' })).toBe('ab');
  });
  it('gives integers back as numbers', () => {
    expect(step("cel('int(value) + 1')")(41.9)).toBe(42);
    expect(step("cel('[1, 2].map(x, x * 2)')")(null)).toEqual([2, 4]);
  });
});
