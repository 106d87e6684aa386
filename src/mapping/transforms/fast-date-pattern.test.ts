import { format, parse } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { inUtc, UTCDate } from '../utc-date.js';
import { fastDateReader, fastDateReformat, fastDateWriter } from './fast-date-pattern.js';

const referenceDate = new UTCDate(Date.UTC(2000, 0, 1));
const patterns = [
  'yyyy-MM-dd',
  'dd/MM/yyyy HH:mm:ss',
  "yyyy-MM-dd'T'HH:mm:ss.SSS",
  'MMddyyyy',
  'HH:mm',
  'dd.MM.',
  'yyyy',
  "dd 'de' MM 'de' yyyy",
];

// A fixed pseudo-random sequence: the test is the same on every run.
function* dates(count: number): Generator<Date> {
  let seed = 42;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield new Date(Date.UTC(1850, 0, 1) + (seed / 2_147_483_648) * 300 * 365.25 * 86_400_000);
  }
}

describe('fast date patterns agree with date-fns', () => {
  it('when writing', () => {
    for (const pattern of patterns) {
      const write = fastDateWriter(pattern);
      expect(write, pattern).toBeDefined();
      for (const date of dates(300))
        expect(write?.(date), pattern).toBe(format(date, pattern, { in: inUtc }));
    }
  });

  it('when reading what they wrote, and refusing what date-fns refuses', () => {
    for (const pattern of patterns) {
      const read = fastDateReader(pattern);
      for (const date of dates(300)) {
        const text = format(date, pattern, { in: inUtc });
        expect(read?.(text)?.getTime(), `${pattern} ${text}`).toBe(
          parse(text, pattern, referenceDate, { in: inUtc }).getTime(),
        );
      }
    }
    const read = fastDateReader('dd/MM/yyyy HH:mm:ss');
    for (const bad of [
      '30/02/2023 10:00:00',
      '29/02/2023 10:00:00',
      '01/13/2023 10:00:00',
      '01/01/2023 24:00:00',
      '00/01/2023 10:00:00',
    ]) {
      expect(read?.(bad), bad).toBeUndefined();
      expect(
        Number.isNaN(parse(bad, 'dd/MM/yyyy HH:mm:ss', referenceDate, { in: inUtc }).getTime()),
        bad,
      ).toBe(true);
    }
    expect(read?.('29/02/2024 23:59:59')?.toISOString()).toBe('2024-02-29T23:59:59.000Z');
  });

  it('leave other patterns and lenient input to date-fns', () => {
    for (const pattern of ['dd MMM yyyy', 'yy-MM-dd', "h 'o''clock' a", 'yyyy-MM-dd XXX', 'd/M/yyyy']) {
      expect(fastDateReader(pattern), pattern).toBeUndefined();
      expect(fastDateWriter(pattern), pattern).toBeUndefined();
    }
    expect(fastDateReader('MM/dd/yyyy')?.('2/9/2024')).toBeUndefined();
  });
});

describe('fastDateReformat', () => {
  it('copies digits between patterns, checking them as the reader does', () => {
    const reformat = fastDateReformat('dd/MM/yyyy', 'yyyy-MM-dd');
    expect(reformat?.('05/01/2024')).toBe('2024-01-05');
    expect(reformat?.('29/02/2024')).toBe('2024-02-29');
    expect(reformat?.('29/02/2023')).toBeUndefined();
    expect(reformat?.('5/1/2024')).toBeUndefined();
    expect(reformat?.('05/01/0000')).toBeUndefined();
    expect(fastDateReformat("yyyy-MM-dd'T'HH:mm", 'dd.MM.yyyy HH:mm')?.('2024-12-31T23:59')).toBe(
      '31.12.2024 23:59',
    );
  });
  it('is not offered when the output needs a field the input lacks', () => {
    expect(fastDateReformat('yyyy-MM-dd', 'yyyy-MM-dd HH:mm')).toBeUndefined();
    expect(fastDateReformat('yyyy-MM-dd', 'd MMM yyyy')).toBeUndefined();
  });
  it('agrees with reading and writing through a date (property over many dates)', () => {
    const pairs: [string, string][] = [
      ['dd/MM/yyyy HH:mm:ss', 'yyyy-MM-dd HH:mm:ss'],
      ['yyyyMMdd', 'dd.MM.yyyy'],
    ];
    for (const [from, to] of pairs) {
      const reformat = fastDateReformat(from, to);
      const read = fastDateReader(from);
      const write = fastDateWriter(to);
      for (const date of dates(300)) {
        const text = fastDateWriter(from)?.(date);
        if (text === undefined) continue;
        const viaDate = read?.(text);
        expect(reformat?.(text), text).toBe(viaDate === undefined ? undefined : write?.(viaDate));
      }
    }
  });
});
