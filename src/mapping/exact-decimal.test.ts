import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalString, ExactDecimal, roundingModes, roundNumber, toDecimal } from './exact-decimal.js';

describe('roundNumber', () => {
  it('rounds the written digits, ties half-up or half-even', () => {
    expect(roundNumber(2.675, 2, 'half-up')).toBe(2.68);
    expect(roundNumber(1.005, 2, 'half-up')).toBe(1.01);
    expect(roundNumber(9.995, 2, 'half-up')).toBe(10);
    expect(roundNumber(-2.5, 0, 'half-up')).toBe(-3);
    expect(roundNumber(2.5, 0, 'half-even')).toBe(2);
    expect(roundNumber(3.5, 0, 'half-even')).toBe(4);
    expect(roundNumber(0.125, 2, 'half-even')).toBe(0.12);
    expect(roundNumber(0.1251, 2, 'half-even')).toBe(0.13);
    expect(roundNumber(-0.001, 2, 'half-up')).toBe(0);
    expect(Object.is(roundNumber(-0.001, 2, 'half-up'), 0)).toBe(true);
    expect(roundNumber(1e-7, 2, 'half-up')).toBe(0);
    expect(roundNumber(1e21, 2, 'half-up')).toBe(1e21);
    expect(roundNumber(12.3, 5, 'half-up')).toBe(12.3);
  });
  it('agrees with decimal.js for any number (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom('half-up' as const, 'half-even' as const),
        (value, places, mode) => {
          const exact = new ExactDecimal(value).toDecimalPlaces(places, roundingModes[mode]);
          const expected = exact.isZero() ? 0 : exact.toNumber();
          expect(roundNumber(value, places, mode)).toBe(expected);
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('toDecimal and decimalString', () => {
  it('read numbers by their shortest text and decimal text exactly, nothing else', () => {
    expect(
      toDecimal(0.1)
        ?.plus(toDecimal(0.2) as ExactDecimal)
        .toString(),
    ).toBe('0.3');
    expect(toDecimal(' -12.50 ')?.toString()).toBe('-12.5');
    expect(toDecimal(12n)?.toString()).toBe('12');
    for (const bad of ['1,5', '12 EUR', '', 'NaN', Number.NaN, Number.POSITIVE_INFINITY, null, true])
      expect(toDecimal(bad), String(bad)).toBeUndefined();
  });
  it('write fixed decimals without exponent or a minus zero', () => {
    expect(decimalString(new ExactDecimal('-0.001').toDecimalPlaces(2), 2)).toBe('0.00');
    expect(decimalString(new ExactDecimal('1e25'))).toBe('10000000000000000000000000');
    expect(decimalString(new ExactDecimal('1.5'), 3)).toBe('1.500');
    expect(decimalString(new ExactDecimal('0'))).toBe('0');
  });
});
