import { describe, expect, it } from 'vitest';
import type { ColumnRange } from '../../core/column-range.js';
import { splitKeyRange, splitTimeRange } from './split-range.js';

/** Which chunks a value falls in: exactly one, for every value between min and max. */
function chunksHolding(ranges: readonly ColumnRange[], value: number | string): number[] {
  return ranges.flatMap((range, index) => {
    const from = range.from as number | string;
    const to = range.to as number | string;
    const isInside = value >= from && (range.includesTo ? value <= to : value < to);
    return isInside ? [index] : [];
  });
}

describe('splitKeyRange', () => {
  it('cuts a dense key into chunks of the asked size, the last one closed', () => {
    const ranges = splitKeyRange('id', 1, 1_000_000, 1_000_000, 10_000);
    expect(ranges).toHaveLength(100);
    expect(ranges[0]).toEqual({ column: 'id', from: 1, to: 10_001 });
    expect(ranges[99]).toEqual({ column: 'id', from: 990_001, to: 1_000_000, includesTo: true });
    for (const id of [1, 10_000, 10_001, 555_555, 999_999, 1_000_000]) {
      expect(chunksHolding(ranges, id)).toHaveLength(1);
    }
  });

  it('widens chunks of a sparse key so each still holds about `chunk` rows', () => {
    const ranges = splitKeyRange('id', 10, 10_009, 100, 10);
    expect(ranges).toHaveLength(10);
    expect(ranges[0]).toEqual({ column: 'id', from: 10, to: 1010 });
  });

  it('keeps keys beyond 2^53 exact as bigint, and reads PostgreSQL int8 text', () => {
    const ranges = splitKeyRange('id', '9007199254740993', '9007199254741000', 8, 4);
    expect(ranges).toEqual([
      { column: 'id', from: 9007199254740993n, to: 9007199254740997n },
      { column: 'id', from: 9007199254740997n, to: 9007199254741000n, includesTo: true },
    ]);
  });

  it('refuses a key that is not an integer, saying what to name instead', () => {
    expect(() => splitKeyRange('code', 'A1', 'Z9', 10, 2)).toThrow(/"code" holds "A1", not an integer/);
  });
});

describe('splitTimeRange', () => {
  it('cuts text timestamps into equal spans written the way the column writes them', () => {
    const ranges = splitTimeRange('InvoiceDate', '2009-01-01 00:00:00', '2013-12-22 00:00:00', 412, 100);
    expect(ranges).toHaveLength(5);
    expect(ranges[0]?.from).toBe('2009-01-01 00:00:00');
    expect(ranges[1]?.from).toMatch(/^2009-12-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect(ranges[4]).toMatchObject({ to: '2013-12-22 00:00:00', includesTo: true });
    for (const day of ['2009-01-01 00:00:00', '2010-06-15 12:00:00', '2013-12-22 00:00:00']) {
      expect(chunksHolding(ranges, day)).toHaveLength(1);
    }
  });

  it('keeps dates as dates and a zone as a zone', () => {
    expect(splitTimeRange('d', '2020-01-01', '2020-01-11', 10, 5)[1]?.from).toBe('2020-01-06');
    expect(splitTimeRange('t', '2020-01-01T00:00:00Z', '2020-01-03T00:00:00Z', 2, 1)[1]?.from).toBe(
      '2020-01-02T00:00:00.000Z',
    );
  });

  it('refuses values that are not times', () => {
    expect(() => splitTimeRange('c', 'abc', 'xyz', 10, 2)).toThrow(/not a date, a timestamp or a number/);
  });
});
