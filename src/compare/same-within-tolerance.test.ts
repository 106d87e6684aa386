import { describe, expect, it } from 'vitest';
import { sameWithinTolerance } from './same-within-tolerance.js';
import { resolveTolerance } from './tolerance.js';

const exact = resolveTolerance(undefined)('any');
if (!exact) throw new Error('a field without rules is compared');

describe('sameWithinTolerance', () => {
  it('without tolerance, a trailing space, a case change and "007" vs "7" all differ', () => {
    expect(sameWithinTolerance('Smith ', 'Smith', exact)).toBe(false);
    expect(sameWithinTolerance('SMITH', 'Smith', exact)).toBe(false);
    expect(sameWithinTolerance('007', '7', exact)).toBe(false);
    expect(sameWithinTolerance('', null, exact)).toBe(false);
    expect(sameWithinTolerance('Smith', 'Smith', exact)).toBe(true);
  });

  it('numbers compare as exact decimals, whatever type each driver hands back', () => {
    expect(sameWithinTolerance(12.5, '12.50', exact)).toBe(true);
    expect(sameWithinTolerance(0.1 + 0.2, 0.3, exact)).toBe(false);
    expect(sameWithinTolerance(9007199254740993n, '9007199254740993', exact)).toBe(true);
    expect(sameWithinTolerance(9007199254740993n, 9007199254740992, exact)).toBe(false);
    expect(sameWithinTolerance(true, 1, exact)).toBe(true);
  });

  it('trim, case and empty-as-null apply per field, overriding the compare-wide rules', () => {
    const of = resolveTolerance({
      trim: true,
      caseInsensitive: ['email'],
      cutoverAfter: 3,
      fields: { code: { trim: false }, note: { emptyAsNull: true }, audit: { ignore: true } },
    });
    expect(sameWithinTolerance('Smith ', 'Smith', of('name') ?? exact)).toBe(true);
    expect(sameWithinTolerance('SMITH', 'Smith', of('name') ?? exact)).toBe(false);
    expect(sameWithinTolerance('A@X.ORG ', 'a@x.org', of('email') ?? exact)).toBe(true);
    expect(sameWithinTolerance('AB ', 'AB', of('code') ?? exact)).toBe(false);
    expect(sameWithinTolerance('  ', null, of('note') ?? exact)).toBe(true);
    expect(of('audit')).toBeUndefined();
  });

  it('a numeric epsilon tolerates small differences, exactly at the boundary, also between texts', () => {
    const of = resolveTolerance({ numericEpsilon: 0.005, cutoverAfter: 3 });
    const tolerance = of('total') ?? exact;
    expect(sameWithinTolerance(10.005, '10.00', tolerance)).toBe(true);
    expect(sameWithinTolerance('10.0051', '10.00', tolerance)).toBe(false);
    expect(sameWithinTolerance('10.004', '10', tolerance)).toBe(true);
    expect(sameWithinTolerance('abc', 'abd', tolerance)).toBe(false);
  });

  it('dates: the same instant across formats and offsets, or the same UTC day', () => {
    const instant = resolveTolerance({ dates: 'instant', cutoverAfter: 3 })('at') ?? exact;
    const day = resolveTolerance({ dates: 'day', cutoverAfter: 3 })('at') ?? exact;
    expect(sameWithinTolerance('2024-05-01T12:00:00+02:00', '2024-05-01 10:00:00Z', instant)).toBe(true);
    expect(sameWithinTolerance(new Date('2024-05-01T10:00:00Z'), '2024-05-01T10:00:00.000Z', instant)).toBe(
      true,
    );
    expect(sameWithinTolerance('2024-05-01T10:00:00.000000001Z', '2024-05-01T10:00:00Z', instant)).toBe(
      false,
    );
    expect(sameWithinTolerance('2024-05-01T23:59:00Z', '2024-05-01', day)).toBe(true);
    expect(sameWithinTolerance('2024-05-02T00:00:00Z', '2024-05-01', day)).toBe(false);
    expect(sameWithinTolerance('1969-12-31T23:00:00Z', '1969-12-31', day)).toBe(true);
    expect(sameWithinTolerance('2024-05-01T12:00:00+02:00', '2024-05-01 10:00:00Z', exact)).toBe(false);
  });

  it('command-line flags replace the compare-wide rules, per-field rules still win', () => {
    const of = resolveTolerance(
      { trim: false, cutoverAfter: 3, fields: { code: { trim: false } } },
      { trim: true, ignore: ['updated_at'] },
    );
    expect(of('name')?.trim).toBe(true);
    expect(of('code')?.trim).toBe(false);
    expect(of('updated_at')).toBeUndefined();
  });
});
