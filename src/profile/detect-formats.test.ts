import { describe, expect, it } from 'vitest';
import { casePattern } from './case-pattern.js';
import { dateFormatOf } from './date-format.js';
import { numberFormatOf } from './number-format.js';
import { phoneFormatOf } from './phone-format.js';
import { scriptsOf } from './scripts-of.js';

describe('dateFormatOf', () => {
  it.each([
    ['2024-03-17', 'ISO'],
    ['2024-03-17 09:30:00', 'ISO'],
    ['2024-03-17T09:30:00Z', 'ISO'],
    ['17/03/2024', 'dd/MM/yyyy'],
    ['03/17/2024', 'MM/dd/yyyy'],
    ['17.03.2024', 'dd.MM.yyyy'],
    ['12-31-99', 'MM-dd-yy'],
    ['2024/03/17', 'yyyy/MM/dd'],
    ['17 Mar 2024', 'named month'],
    ['March 17, 2024', 'named month'],
  ])('%s is %s', (text, format) => {
    expect(dateFormatOf(text)).toEqual({ format });
  });

  it('leaves day-first and month-first open when both parts are up to 12', () => {
    expect(dateFormatOf('03/04/2024')).toEqual({ ambiguous: ['dd/MM/yyyy', 'MM/dd/yyyy'] });
  });

  it.each(['hello', '1234', '32/13/2024', '00/10/2024', '+49 30 1234'])('%s is no date', (text) => {
    expect(dateFormatOf(text)).toBeUndefined();
  });
});

describe('phoneFormatOf', () => {
  it.each([
    ['+4930123456', false, 'E.164'],
    ['+49 30 1234 56', false, 'international'],
    ['+1 (555) 123-4567', false, 'international'],
    ['(555) 123-4567', false, 'national'],
    ['030 1234 5678', false, 'national'],
    ['0301234567', true, 'digits only'],
  ])('%s is %s', (text, phoneColumn, format) => {
    expect(phoneFormatOf(text, phoneColumn)).toBe(format);
  });

  it.each([
    ['0301234567', false],
    ['12.5', true],
    ['12/03/2024', true],
    ['call me', true],
    ['123', true],
  ])('%s is no phone number', (text, phoneColumn) => {
    expect(phoneFormatOf(text, phoneColumn)).toBeUndefined();
  });
});

describe('numberFormatOf', () => {
  it.each([
    ['1234', '1234'],
    ['-1234.56', '1234.56'],
    ['1234,56', '1234,56'],
    ['1,234.56', '1,234.56'],
    ['1,234,567', '1,234.56'],
    ['1.234,56', '1.234,56'],
    ['1 234,56', '1 234,56'],
    ['1,234', '1,234 (ambiguous)'],
    ['1.234', '1.234 (ambiguous)'],
  ])('%s is %s', (text, format) => {
    expect(numberFormatOf(text)).toBe(format);
  });

  it('knows no format for other text', () => {
    expect(numberFormatOf('12 apples')).toBeUndefined();
  });
});

describe('casePattern', () => {
  it.each([
    ['hello world', 'lower'],
    ['HELLO', 'UPPER'],
    ['Hello World', 'Title'],
    ['Jean-Luc Picard', 'Title'],
    ['hello World', 'mixed'],
    ['McDonald', 'mixed'],
  ])('%s is %s', (text, pattern) => {
    expect(casePattern(text)).toBe(pattern);
  });

  it('has no case without letters', () => {
    expect(casePattern('12 34')).toBeUndefined();
  });
});

describe('scriptsOf', () => {
  it('names each script and character class present', () => {
    expect(scriptsOf('Bjørn')).toEqual(['Latin']);
    expect(scriptsOf('Москва')).toEqual(['Cyrillic']);
    expect(scriptsOf('Αθήνα')).toEqual(['Greek']);
    expect(scriptsOf('القاهرة')).toEqual(['Arabic']);
    expect(scriptsOf('ירושלים')).toEqual(['Hebrew']);
    expect(scriptsOf('東京 とうきょう 서울')).toEqual(['CJK']);
    expect(scriptsOf('party 🎉')).toEqual(['Latin', 'emoji']);
    expect(scriptsOf('a\tb')).toEqual(['Latin', 'control']);
    expect(scriptsOf('Cafe\u0301')).toEqual(['Latin', 'combining']);
    expect(scriptsOf('12345')).toEqual([]);
  });
});
