import { describe, expect, it } from 'vitest';
import { createDistinctCounter } from './distinct-counter.js';
import { describeFormats } from './format-tally.js';
import { createColumnProfiler } from './profile-column.js';

function profile(name: string, values: readonly unknown[]) {
  const profiler = createColumnProfiler(name);
  for (const value of values) profiler.add(value);
  return profiler.result();
}

describe('createColumnProfiler', () => {
  it('counts nulls, empty and whitespace-only values, and distinct values', () => {
    const column = profile('name', ['Ann', null, '', '  ', 'Ann', 'Bob', undefined]);
    expect(column).toMatchObject({ count: 7, nulls: 2, empty: 1, whitespace: 1 });
    expect(column.distinct).toEqual({ count: 4, exact: true });
  });

  it('gives each date format its share and counts the ambiguous values', () => {
    const values = [
      ...Array.from({ length: 60 }, (_, i) => `${13 + (i % 15)}/0${1 + (i % 9)}/2023`), // day first
      ...Array.from({ length: 11 }, (_, i) => `0${1 + (i % 9)}/0${1 + (i % 9)}/2023`), // ambiguous
      ...Array.from({ length: 20 }, (_, i) => `0${1 + (i % 9)}/${13 + (i % 15)}/2023`), // month first
      ...Array.from({ length: 9 }, (_, i) => `2023-01-${10 + i}`),
    ];
    const date = profile('signup_date', values).formats.date;
    expect(date?.total).toBe(100);
    expect(date && describeFormats(date)).toBe('dd/MM/yyyy 71%, MM/dd/yyyy 20%, ISO 9%; 11 values ambiguous');
    expect(date?.ambiguousExamples).toContain('01/01/2023');
  });

  it('keeps ambiguous dates open when no value decides the column', () => {
    const date = profile('d', ['01/02/2024', '03/04/2024']).formats.date;
    expect(date?.formats.map((f) => f.format)).toEqual(['dd/MM/yyyy or MM/dd/yyyy']);
    expect(date?.ambiguous).toBe(2);
  });

  it('reports phone and number formats, case, padding and scripts', () => {
    const phones = profile('phone', ['+4930123456', '+49 30 123456', '030 123456', '+4930654321']);
    expect(phones.formats.phone?.formats.map((f) => [f.format, f.count])).toEqual([
      ['E.164', 2],
      ['international', 1],
      ['national', 1],
    ]);
    const amounts = profile('amount', ['1,234.50', '1.234,50', '99.95', '12.00']);
    expect(amounts.formats.number?.formats.map((f) => f.format)).toEqual(['1234.56', '1,234.56', '1.234,56']);
    const names = profile('city', [' Berlin', 'PARIS ', 'москва', 'Αθήνα', 'a\u0007b']);
    expect(names.padded).toEqual({ leading: 1, trailing: 1, examples: [' Berlin', 'PARIS '] });
    expect(names.case).toEqual({ Title: 2, UPPER: 1, lower: 2 });
    expect(Object.keys(names.scripts)).toEqual(['Latin', 'Cyrillic', 'Greek', 'control']);
    expect(names.outliers).toContainEqual({ value: 'a\u0007b', reason: 'control characters' });
  });

  it('compares numbers as numbers and measures text lengths', () => {
    const numbers = profile('total', [9, 10, 2n, 1.5]);
    expect([numbers.min, numbers.max]).toEqual([1.5, 10]);
    expect(numbers.types).toEqual({ integer: 3, decimal: 1 });
    const texts = profile('code', ['b', 'aa', 'ccc', 'x'.repeat(300)]);
    expect([texts.min, texts.max]).toEqual(['aa', 'x'.repeat(300)]);
    expect(texts.length).toMatchObject({ min: 1, max: 300, p50: 2 });
    expect(texts.length?.buckets).toEqual({ '1-10': 3, '256+': 1 });
    expect(texts.outliers).toContainEqual({ value: 'x'.repeat(300), reason: 'unusual length' });
  });
});

describe('createDistinctCounter', () => {
  it('is exact up to its cap, then estimates', () => {
    const counter = createDistinctCounter(1000, 256);
    for (let i = 0; i < 50_000; i++) counter.add(`value-${i % 20_000}`);
    const { count, exact } = counter.result();
    expect(exact).toBe(false);
    expect(count).toBeGreaterThan(20_000 * 0.8);
    expect(count).toBeLessThan(20_000 * 1.2);
    const small = createDistinctCounter(1000);
    for (const text of ['a', 'b', 'a']) small.add(text);
    expect(small.result()).toEqual({ count: 2, exact: true });
  });
});
