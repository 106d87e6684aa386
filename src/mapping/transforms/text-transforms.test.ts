import { describe, expect, it } from 'vitest';
import { isIssue } from '../../core/issue.js';
import type { TransformDefinition } from '../transform.js';
import { compiledTransform } from './compile-for-test.js';
import { defaultTransform } from './default.js';
import { joinTransform } from './join.js';
import { lowerTransform } from './lower.js';
import { trimTransform } from './trim.js';
import { upperTransform } from './upper.js';

function make<A>(definition: TransformDefinition<A>, args: Record<string, unknown> = {}) {
  const run = compiledTransform(definition, args);
  return (value: unknown) => run(value, {});
}

describe('trim, lower, upper', () => {
  it('change text and leave other values alone', () => {
    expect(make(trimTransform)('  Bjørn Hansen \n')).toBe('Bjørn Hansen');
    expect(make(lowerTransform)('LUÍS.GONÇALVES@EMBRAER.COM.BR')).toBe('luís.gonçalves@embraer.com.br');
    expect(make(upperTransform)('straße')).toBe('STRASSE');
    for (const value of [null, undefined, 42, true]) expect(make(trimTransform)(value)).toBe(value);
  });

  it('change lists item by item', () => {
    expect(make(trimTransform)([' a ', null, 3])).toEqual(['a', null, 3]);
  });
});

describe('default', () => {
  it('fills in missing values only', () => {
    const run = make(defaultTransform, { value: 'N/A' });
    expect(run(null)).toBe('N/A');
    expect(run(undefined)).toBe('N/A');
    expect(run('   ')).toBe('N/A');
    expect(run('x')).toBe('x');
    expect(run(0)).toBe(0);
    expect(make(defaultTransform, { value: null })('')).toBeNull();
  });
});

describe('join', () => {
  it('joins several values, skipping empty ones', () => {
    expect(make(joinTransform)(['Enrique', null, 'Muñoz'])).toBe('Enrique Muñoz');
    expect(make(joinTransform, { separator: ', ' })(['Prague', '', 'CZ', 11000])).toBe('Prague, CZ, 11000');
    expect(make(joinTransform)([null, '  '])).toBeNull();
    expect(make(joinTransform)('one')).toBe('one');
  });

  it('refuses values with no text form', () => {
    const result = make(joinTransform)(['a', { b: 1 }]);
    expect(isIssue(result) && result.code).toBe('not-text');
  });
});
