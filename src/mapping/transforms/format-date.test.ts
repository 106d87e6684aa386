import { afterEach, describe, expect, it } from 'vitest';
import { isIssue } from '../../core/issue.js';
import type { TransformFn } from '../transform.js';
import { compiledTransform } from './compile-for-test.js';
import { formatDateTransform } from './format-date.js';

function formatDate(args: Record<string, unknown>): TransformFn {
  return compiledTransform(formatDateTransform, args);
}

const zones = [
  'UTC',
  'America/Sao_Paulo',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Pacific/Kiritimati',
  'America/St_Johns',
];
const originalTz = process.env.TZ;

describe('format-date', () => {
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('converts between three patterns', () => {
    const us = formatDate({ from: 'MM/dd/yyyy', to: 'yyyy-MM-dd' });
    expect(us('02/29/2024', {})).toBe('2024-02-29');
    const european = formatDate({ from: 'dd.MM.yyyy HH:mm', to: "d MMM yyyy 'at' HH:mm" });
    expect(european('31.12.1999 23:59', {})).toBe('31 Dec 1999 at 23:59');
    const compact = formatDate({ from: 'yyyyMMdd', to: 'dd/MM/yyyy' });
    expect(compact('20240105', {})).toBe('05/01/2024');
  });

  it('tries the from patterns in order', () => {
    const run = formatDate({ from: ['dd/MM/yyyy', 'yyyy-MM-dd', 'iso'], to: 'yyyy-MM-dd' });
    expect(run('05/01/2024', {})).toBe('2024-01-05');
    expect(run('2024-01-05', {})).toBe('2024-01-05');
    expect(run('2024-01-05T22:30:00-03:00', {})).toBe('2024-01-06');
  });

  it('reads ISO text by default and writes ISO with to: iso', () => {
    expect(formatDate({ to: 'dd/MM/yyyy' })('2024-03-09', {})).toBe('09/03/2024');
    expect(formatDate({ to: 'iso' })('2024-03-09T10:00:00+01:00', {})).toBe('2024-03-09T09:00:00.000Z');
  });

  it('takes dates and epoch milliseconds', () => {
    const run = formatDate({ to: 'yyyy-MM-dd HH:mm' });
    expect(run(new Date(Date.UTC(2024, 0, 5, 23, 30)), {})).toBe('2024-01-05 23:30');
    expect(run(Date.UTC(2024, 0, 5, 23, 30), {})).toBe('2024-01-05 23:30');
  });

  it('gives the same answer in every time zone, daylight-saving gaps included', () => {
    const run = formatDate({ from: ['yyyy-MM-dd HH:mm', 'MM/dd/yyyy'], to: 'iso' });
    for (const zone of zones) {
      process.env.TZ = zone;
      expect(run('2024-03-31 02:30', {}), zone).toBe('2024-03-31T02:30:00.000Z');
      expect(run('11/03/2024', {}), zone).toBe('2024-11-03T00:00:00.000Z');
      expect(formatDate({ to: 'yyyy-MM-dd HH:mm XXX' })(new Date(Date.UTC(2024, 0, 1)), {}), zone).toBe(
        '2024-01-01 00:00 Z',
      );
    }
  });

  it('names the patterns tried when nothing matches', () => {
    const run = formatDate({ from: ['MM/dd/yyyy', 'yyyy-MM-dd'], to: 'yyyy-MM-dd' });
    for (const bad of ['13/45/2020', '02/30/2024', 'next tuesday']) {
      const result = run(bad, {});
      expect(isIssue(result) && result.code, bad).toBe('bad-date');
      expect(isIssue(result) && result.message).toContain('MM/dd/yyyy, yyyy-MM-dd');
    }
    const notDate = run({ when: 'now' }, {});
    expect(isIssue(notDate) && notDate.code).toBe('bad-date');
    const invalid = run(new Date(Number.NaN), {});
    expect(isIssue(invalid) && invalid.message).toMatch(/not a valid date/);
  });

  it('passes empty values through as null', () => {
    const run = formatDate({ to: 'yyyy-MM-dd' });
    expect(run(null, {})).toBeNull();
    expect(run('  ', {})).toBeNull();
  });

  it('refuses bad patterns when the mapping compiles', () => {
    const result = formatDateTransform.compile(
      { from: ['YYYY-MM-DD', 'yyyy-MM-dd'], to: 'yyyy-MM-dd hello' },
      { lookups: {}, targets: ['out'], sources: ['in'] },
    );
    expect(typeof result !== 'function' && result.code).toBe('bad-date-pattern');
    expect(typeof result !== 'function' && result.message).toMatch(
      /from pattern "YYYY-MM-DD" uses Y or D.*; to pattern "yyyy-MM-dd hello" is not a valid date pattern/,
    );
  });
});
