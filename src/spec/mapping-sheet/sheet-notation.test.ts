import { describe, expect, it } from 'vitest';
import {
  formatConstant,
  formatConstants,
  formatNames,
  formatStepsCell,
  parseConstant,
  parseConstants,
  parseNames,
  parseStepsCell,
} from './sheet-notation.js';

describe('field names in a cell', () => {
  it('reads one name, several separated by commas or line breaks, and a bracketed list of one', () => {
    expect(parseNames('Customer Name')).toEqual({ names: ['Customer Name'], isList: false });
    expect(parseNames('street, city ,postal_code')).toEqual({
      names: ['street', 'city', 'postal_code'],
      isList: true,
    });
    expect(parseNames('first_name\nlast_name')).toEqual({ names: ['first_name', 'last_name'], isList: true });
    expect(parseNames('a,\n b')).toEqual({ names: ['a', 'b'], isList: true });
    expect(parseNames('[street]')).toEqual({ names: ['street'], isList: true });
  });

  it('reads quoted names with commas, quotes and a leading =', () => {
    expect(parseNames('"Last, First"')).toEqual({ names: ['Last, First'], isList: false });
    expect(parseNames('"say ""hi""", "=x"')).toEqual({ names: ['say "hi"', '=x'], isList: true });
  });

  it('says what is wrong with a list it cannot read', () => {
    expect(parseNames('a,,b')).toMatchObject({ problem: 'an empty field name between commas' });
    expect(parseNames('a,')).toMatchObject({ problem: 'an empty field name between commas' });
    expect(parseNames('[]')).toMatchObject({ problem: 'the list of field names is empty' });
    expect(parseNames('"a, b')).toMatchObject({ problem: 'a quoted field name is not closed' });
    expect(parseNames('"a" b')).toMatchObject({ problem: 'unexpected text after the quoted name "a"' });
  });

  it('writes names so that they read back the same', () => {
    const cases: (string | string[])[] = [
      'email',
      ['first_name', 'last_name'],
      ['street'],
      'Last, First',
      '=odd',
      ' padded ',
      ['a "b"', 'c,d'],
      '[x]',
    ];
    for (const value of cases) {
      const read = parseNames(formatNames(value));
      expect('names' in read ? (read.isList ? read.names : read.names[0]) : read).toEqual(value);
    }
    expect(formatNames(['street', 'city'])).toBe('street, city');
    expect(formatNames(['street'])).toBe('[street]');
  });
});

describe('constants in the source field cell', () => {
  it('reads ="text", numbers, TRUE, FALSE and NULL, as a spreadsheet formula writes them', () => {
    expect(parseConstant('="USD"')).toEqual({ value: 'USD' });
    expect(parseConstant('= "say ""hi"""')).toEqual({ value: 'say "hi"' });
    expect(parseConstant('=42')).toEqual({ value: 42 });
    expect(parseConstant('=-1.5e3')).toEqual({ value: -1500 });
    expect(parseConstant('=TRUE()')).toEqual({ value: true });
    expect(parseConstant('=false')).toEqual({ value: false });
    expect(parseConstant('=NULL')).toEqual({ value: null });
    expect(parseConstant('=A2&"x"')).toMatchObject({ problem: '"=A2&\\"x\\"" is not a constant' });
  });

  it('reads a default cell: constants or plain text, several for several targets', () => {
    expect(parseConstants('n/a')).toEqual({ value: 'n/a' });
    expect(parseConstants('=0')).toEqual({ value: 0 });
    expect(parseConstants('=NULL, ="Unknown, not given"')).toEqual({ value: [null, 'Unknown, not given'] });
    expect(parseConstants('[="x"]')).toEqual({ value: ['x'] });
    expect(parseConstants('=1,,=2')).toMatchObject({ problem: 'an empty value between commas' });
    for (const value of ['n/a', 0, [null, 'a, b'], ['x'], [true, 1.5, '']]) {
      expect(parseConstants(formatConstants(value))).toEqual({ value });
    }
  });

  it('writes every constant so that it reads back the same', () => {
    for (const value of ['USD', '', 'a "quoted" =b', 0, 3.25, -7, true, false, null]) {
      expect(parseConstant(formatConstant(value))).toEqual({ value });
    }
  });
});

describe('steps in a transformation or validation cell', () => {
  it('reads a pipe on one line as text and several lines as a list', () => {
    expect(parseStepsCell('trim | lower')).toBe('trim | lower');
    expect(parseStepsCell('required\nemail')).toEqual(['required', 'email']);
    expect(parseStepsCell('- required\n- email\n')).toEqual(['required', 'email']);
    expect(parseStepsCell('- trim')).toEqual(['trim']);
  });

  it('joins a pipe broken over two lines', () => {
    expect(parseStepsCell('trim |\nlower')).toBe('trim | lower');
    expect(parseStepsCell('trim\n| lower\n| upper')).toBe('trim | lower | upper');
  });

  it('writes text and lists so that they read back the same', () => {
    for (const value of ['trim | lower', ['trim'], ['required', 'max-length(80)'], "join(', ')"]) {
      expect(parseStepsCell(formatStepsCell(value))).toEqual(value);
    }
  });

  it('writes a pipe with line breaks on one line, meaning the same', () => {
    expect(formatStepsCell("trim\n| join('a\nb')")).toBe("trim | join('a\\nb')");
  });
});
