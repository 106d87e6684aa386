import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProblems, problemWithHint, step } from './compile-for-test.js';

describe('parse-number', () => {
  const dot = step('parse-number');
  const comma = step("parse-number(decimal: ',')");
  it('reads numbers with either decimal separator and any common grouping', () => {
    expect(comma('1.234,56')).toBe(1234.56);
    expect(dot('1,234.56')).toBe(1234.56);
    expect(comma('1 234 567,8')).toBe(1234567.8);
    expect(comma('1\u202f234,5')).toBe(1234.5);
    expect(dot("1'234.50")).toBe(1234.5);
    expect(dot('1’234’567')).toBe(1234567);
    expect(dot('12,34,567.89')).toBe(1234567.89);
    expect(dot('-0.5')).toBe(-0.5);
    expect(dot('−3')).toBe(-3);
    expect(dot('+.5')).toBe(0.5);
    expect(comma(',5')).toBe(0.5);
    expect(dot('1.5e3')).toBe(1500);
    expect(dot(' 42 ')).toBe(42);
  });
  it('gives exact decimal text with as: decimal, decimals as written', () => {
    expect(step("parse-number(decimal: ',', as: decimal)")('1.234,50')).toBe('1234.50');
    expect(step('parse-number(as: decimal)')('0007.10')).toBe('7.10');
    expect(step('parse-number(as: decimal)')('12345678901234567890.123')).toBe('12345678901234567890.123');
    expect(step('parse-number(as: decimal)')(0.1)).toBe('0.1');
    expect(step('parse-number(as: decimal)')('2.5e-3')).toBe('0.0025');
  });
  it('refuses badly grouped or foreign-format numbers instead of guessing, with a hint', () => {
    expect(problemWithHint(dot('1.234,56'))).toEqual({
      code: 'not-a-number',
      message: '"1.234,56" is not a number written with "." as the decimal separator',
      hint: `it reads as a number with "," as the decimal separator: set decimal: ','`,
    });
    expect(problemWithHint(comma('1.23,4')).message).toBe(
      '"1.23,4" is not a number written with "," as the decimal separator',
    );
    expect(problemWithHint(dot('1,234 567')).code).toBe('not-a-number');
    expect(problemWithHint(dot('$12.50'))).toEqual({
      code: 'not-a-number',
      message: '"$12.50" is not a number written with "." as the decimal separator',
      hint: 'remove currency signs and units first, e.g. with replace(...)',
    });
    expect(problemWithHint(dot('-')).code).toBe('not-a-number');
    expect(problemWithHint(dot(true)).code).toBe('not-a-number');
  });
  it('passes numbers through and turns blank text into null', () => {
    expect(dot(3.96)).toBe(3.96);
    expect(dot(null)).toBeNull();
    expect(dot('  ')).toBeNull();
    expect(dot(10n)).toBe(10n);
  });
  it('takes other group separators and refuses one that is the decimal', () => {
    expect(step("parse-number(group: ['_'])")('1_000.5')).toBe(1000.5);
    expect(problemWithHint(step("parse-number(group: ['_'])")('1,000')).code).toBe('not-a-number');
    expect(compileProblems("parse-number(decimal: ',', group: [','])")).toEqual([
      'bad-step-args: transform "parse-number": "," cannot be both the decimal and a group separator',
    ]);
  });
  it('reads back what Intl writes, in several locales (property)', () => {
    const cases: [string, string][] = [
      ['en-US', '.'],
      ['de-DE', ','],
      ['fr-FR', ','],
      ['de-CH', '.'],
      ['en-IN', '.'],
      ['pt-BR', ','],
    ];
    for (const [locale, decimal] of cases) {
      const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
      const read = step(`parse-number(decimal: '${decimal}')`);
      fc.assert(
        fc.property(
          fc.integer({ min: -1e12, max: 1e12 }),
          fc.integer({ min: 0, max: 99 }),
          (whole, cents) => {
            const value = Number(`${whole}.${String(cents).padStart(2, '0')}`);
            expect(read(format.format(value)), `${locale} ${format.format(value)}`).toBe(value);
          },
        ),
        { numRuns: 200 },
      );
    }
  });
});

describe('round', () => {
  it('rounds in decimal, as the number is written', () => {
    expect(step('round(2)')(2.675)).toBe(2.68);
    expect(step('round(2)')(1.005)).toBe(1.01);
    expect(step('round')(2.5)).toBe(3);
    expect(step('round')(-2.5)).toBe(-3);
    expect(step('round(2, mode: half-even)')(2.665)).toBe(2.66);
    expect(step('round(mode: half-even)')(2.5)).toBe(2);
    expect(step('round(2)')(-0.001)).toBe(0);
    expect(step('round(2)')(3.96)).toBe(3.96);
  });
  it('keeps decimal text as text with exactly places decimals', () => {
    expect(step('round(2)')('1.5')).toBe('1.50');
    expect(step('round(2)')('2.675')).toBe('2.68');
    expect(step('round(2, mode: half-even)')('0.125')).toBe('0.12');
    expect(step('round(0)')('12345678901234567890.5')).toBe('12345678901234567891');
    expect(step('round(2)')('-0.001')).toBe('0.00');
  });
  it('passes null and bigints, turns blank into null, refuses the rest', () => {
    expect(step('round(2)')(null)).toBeNull();
    expect(step('round(2)')(7n)).toBe(7n);
    expect(step('round(2)')(' ')).toBeNull();
    expect(problemWithHint(step('round(2)')('1,5'))).toEqual({
      code: 'not-a-number',
      message: 'cannot round "1,5": not a number',
      hint: "read formatted numbers with parse-number first (parse-number(decimal: ','))",
    });
    expect(problemWithHint(step('round(2)')(Number.NaN)).message).toBe('cannot round NaN: not a number');
  });
  it('refuses places out of range', () => {
    expect(compileProblems('round(21)')).toEqual([
      'bad-step-args: transform "round": argument "places" is invalid: Too big: expected number to be <=20 (got 21)',
    ]);
  });
  it('is idempotent, and never moves a value by more than half a unit (property)', () => {
    for (const mode of ['half-up', 'half-even']) {
      const run = step(`round(2, mode: ${mode})`);
      fc.assert(
        fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (value) => {
          const once = run(value) as number;
          expect(run(once)).toBe(once);
          expect(Math.abs(once - value)).toBeLessThanOrEqual(0.005 + 1e-6);
        }),
      );
    }
  });
});

describe('convert-currency', () => {
  const lookups = {
    fx: { EUR: 1, USD: '1.0823', NOK: '11.4825', BRL: '5.3822' },
    daily: { 'USD@2024-01-02': '1.0956', 'USD@2024-01-05': '1.0921', 'USD@2024-01-08': '1.0946', EUR: 1 },
  };
  it('converts exactly through the base currency, writing fixed decimals', () => {
    expect(step('convert-currency(from: USD, to: EUR, rates: fx)', { lookups })(100)).toBe('92.40');
    expect(step('convert-currency(from: EUR, to: NOK, rates: fx)', { lookups })('1.98')).toBe('22.74');
    expect(step('convert-currency(from: USD, to: BRL, rates: fx, places: 4)', { lookups })(3.96)).toBe(
      '19.6928',
    );
    expect(step('convert-currency(from: EUR, to: EUR, rates: fx)', { lookups })(0.1)).toBe('0.10');
    expect(step('convert-currency(from: eur, to: nok, rates: fx, places: 0)', { lookups })('10')).toBe('115');
  });
  it('rounds half-up by default and half-even on request, never through a float', () => {
    const rates = "{EUR: 1, XXX: '0.5'}";
    expect(step(`convert-currency(from: EUR, to: XXX, rates: ${rates})`)('0.025')).toBe('0.01');
    expect(step(`convert-currency(from: EUR, to: XXX, rates: ${rates}, places: 3)`)('0.015')).toBe('0.008');
    expect(
      step(`convert-currency(from: EUR, to: XXX, rates: ${rates}, rounding: half-even, places: 3)`)('0.015'),
    ).toBe('0.008');
    expect(
      step(`convert-currency(from: EUR, to: XXX, rates: ${rates}, rounding: half-even, places: 2)`)('0.05'),
    ).toBe('0.02');
    expect(step("convert-currency(from: EUR, to: USD, rates: {EUR: 1, USD: '1.1'})")('0.1')).toBe('0.11');
  });
  it('takes the currency from a field of the record', () => {
    const run = step('convert-currency(fromField: currency, to: EUR, rates: fx)', { lookups });
    expect(run(10, { currency: 'usd' })).toBe('9.24');
    expect(problemWithHint(run(10, { currency: 'JPY' }))).toEqual({
      code: 'no-rate',
      message: 'rates table "fx" has no rate for JPY',
      hint: 'add the rate to the table',
    });
    expect(problemWithHint(run(10, { currency: '' })).message).toBe(
      'the currency field "currency" holds empty text, not a currency code',
    );
    expect(problemWithHint(run(10, {})).message).toBe('the currency field "currency" is not in the record');
  });
  it('uses the rate of the day, or the latest before it', () => {
    const run = step('convert-currency(from: USD, to: EUR, rates: daily, asOf: day)', { lookups });
    expect(run('100', { day: '2024-01-02' })).toBe('91.27');
    expect(run('100', { day: '2024-01-07' })).toBe('91.57');
    expect(run('100', { day: new Date(Date.UTC(2024, 0, 8, 23)) })).toBe('91.36');
    expect(run('100', { day: '2024-12-31T10:00:00Z' })).toBe('91.36');
    expect(problemWithHint(run('100', { day: '2023-12-29' })).message).toBe(
      'rates table "daily" has no USD rate on or before 2023-12-29 (the first is of 2024-01-02)',
    );
    expect(problemWithHint(run('100', { day: '29.12.2023' })).message).toBe(
      'the asOf field "day" holds "29.12.2023", not a date (a date value or yyyy-MM-dd text)',
    );
  });
  it('passes null, turns blank text into null, refuses what is not an amount', () => {
    const run = step('convert-currency(from: USD, to: EUR, rates: fx)', { lookups });
    expect(run(null)).toBeNull();
    expect(run('')).toBeNull();
    expect(problemWithHint(run('1.234,56'))).toEqual({
      code: 'not-a-number',
      message: 'cannot convert "1.234,56": not an amount',
      hint: "read formatted amounts with parse-number first (parse-number(decimal: ','))",
    });
  });
  it('reports every problem with the arguments and rates when the mapping compiles', () => {
    expect(
      compileProblems('convert-currency(from: USD, fromField: cur, to: EUR, rates: fx)', { lookups }),
    ).toEqual(['bad-step-args: transform "convert-currency": give exactly one of from: and fromField:']);
    expect(
      compileProblems('convert-currency(from: USS, to: EUR, rates: fx, asOf: day)', { lookups }),
    ).toEqual([
      'bad-step-args: transform "convert-currency": rates table "fx" has no rate for from currency USS (did you mean USD?); asOf: day is given but rates table "fx" has no dated rates (CODE@yyyy-MM-dd), so every record would get the same rate',
    ]);
    expect(compileProblems('convert-currency(from: USD, to: EUR, rates: daily)', { lookups })).toEqual([
      'bad-step-args: transform "convert-currency": rates table "daily" has dated rates (CODE@yyyy-MM-dd): add asOf: with the field holding each record\'s date',
    ]);
    expect(
      compileProblems("convert-currency(from: USD, to: EUR, rates: {USD: 'abc', EUR: 0, 'X@Y': 1})"),
    ).toEqual([
      'bad-rates: transform "convert-currency": the rates table: the rate of "USD" is "abc", not a positive number; the rate of "EUR" is 0, not a positive number; "X@Y" is not CODE or CODE@yyyy-MM-dd',
    ]);
    expect(compileProblems('convert-currency(from: USD, to: EUR, rates: fxx)', { lookups })).toEqual([
      'unknown-lookup: transform "convert-currency": no lookup table "fxx" under lookups: (did you mean "fx"?)',
    ]);
    expect(compileProblems('convert-currency(from: US, to: EUR, rates: fx)', { lookups })).toEqual([
      'bad-step-args: transform "convert-currency": argument "from" is invalid: write a three-letter currency code such as EUR (got "US")',
    ]);
  });
  it('uses base: for the currency the rates are quoted against', () => {
    expect(step("convert-currency(from: EUR, to: USD, rates: {USD: '1.0823'}, base: EUR)")(10)).toBe('10.82');
  });
});

describe('convert-unit', () => {
  it('converts exactly where the units allow', () => {
    expect(step('convert-unit(in, cm)')(12)).toBe(30.48);
    expect(step('convert-unit(ft, m)')(0.1)).toBe(0.03048);
    expect(step('convert-unit(lb, kg)')('2.5')).toBe(1.133980925);
    expect(step('convert-unit(gal, l, as: decimal)')(2)).toBe('7.570823568');
    expect(step('convert-unit(mi, km)')(1)).toBe(1.609344);
    expect(step('convert-unit(kg, g)')(1.1)).toBe(1100);
    expect(step('convert-unit(m3, l)')('0.001')).toBe(1);
  });
  it('converts temperatures', () => {
    expect(step('convert-unit(C, F)')(100)).toBe(212);
    expect(step('convert-unit(F, C)')(212)).toBe(100);
    expect(step('convert-unit(F, C, places: 1)')(98.6)).toBe(37);
    expect(step('convert-unit(K, C)')(0)).toBe(-273.15);
    expect(step('convert-unit(C, K, as: decimal)')('-40')).toBe('233.15');
  });
  it('rounds non-terminating results and comes back where it started (property)', () => {
    const there = step('convert-unit(m, ft, as: decimal)');
    const back = step('convert-unit(ft, m, places: 9)');
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (millimetres) => {
        const metres = millimetres / 1000;
        expect(back(there(metres))).toBe(metres);
      }),
    );
  });
  it('passes null, turns blank text into null, refuses the rest', () => {
    expect(step('convert-unit(in, cm)')(null)).toBeNull();
    expect(step('convert-unit(in, cm)')(' ')).toBeNull();
    expect(problemWithHint(step('convert-unit(in, cm)')('12 in')).message).toBe(
      'cannot convert "12 in": not a number',
    );
  });
  it('refuses unknown units and units of different kinds', () => {
    expect(compileProblems('convert-unit(inch, kg)')).toEqual([
      'bad-unit: transform "convert-unit": from unit "inch" is not known (did you mean "in"?)',
    ]);
    expect(compileProblems('convert-unit(kg, l)')).toEqual([
      'bad-unit: transform "convert-unit": cannot convert kilogram (mass) to litre (volume)',
    ]);
  });
});
