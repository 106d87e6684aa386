import { describe, expect, it } from 'vitest';
import { isIssue } from '../../core/issue.js';
import type { TransformFn } from '../transform.js';
import { compiledTransform } from './compile-for-test.js';
import { lookupTransform } from './lookup.js';

const lookups = {
  'country-codes': { Germany: 'DE', Brazil: 'BR', 'Czech Republic': 'CZ', Norway: 'NO', '': null },
  'status-codes': { '1': 'active', '2': 'closed' },
};

function compile(args: Record<string, unknown>) {
  return lookupTransform.compile(lookupTransform.args.parse(args), {
    lookups,
    targets: ['out'],
    sources: ['in'],
  });
}

function lookup(args: Record<string, unknown>): TransformFn {
  return compiledTransform(lookupTransform, args, { lookups });
}

describe('lookup', () => {
  it('replaces a value from a named table', () => {
    const run = lookup({ table: 'country-codes' });
    expect(run('Czech Republic', {})).toBe('CZ');
    expect(run('Norway', {})).toBe('NO');
  });

  it('reports a miss, with a near key as a hint', () => {
    const result = lookup({ table: 'country-codes' })('Germny', {});
    expect(isIssue(result) && result.code).toBe('lookup-miss');
    expect(isIssue(result) && result.message).toBe('"Germny" is not in lookup table "country-codes"');
    expect(isIssue(result) && result.hint).toMatch(/did you mean "Germany"\?/);
  });

  it('uses a default or keeps the value when told to', () => {
    expect(lookup({ table: 'country-codes', default: 'XX' })('Atlantis', {})).toBe('XX');
    expect(lookup({ table: 'country-codes', default: null })('Atlantis', {})).toBeNull();
    expect(lookup({ table: 'country-codes', unmatched: 'keep' })('Atlantis', {})).toBe('Atlantis');
  });

  it('matches without case when asked', () => {
    const run = lookup({ table: 'country-codes', ignoreCase: true });
    expect(run('GERMANY', {})).toBe('DE');
    expect(isIssue(lookup({ table: 'country-codes' })('GERMANY', {}))).toBe(true);
  });

  it('takes an inline table and numbers as keys', () => {
    expect(lookup({ table: { USD: '$', EUR: '€' } })('EUR', {})).toBe('€');
    expect(lookup({ table: 'status-codes' })(2, {})).toBe('closed');
  });

  it('lets empty values through unless the table maps them', () => {
    expect(lookup({ table: 'status-codes' })(null, {})).toBeNull();
    expect(lookup({ table: 'status-codes' })('', {})).toBe('');
    expect(lookup({ table: 'country-codes' })('', {})).toBeNull();
  });

  it('does not treat inherited object keys as entries', () => {
    expect(isIssue(lookup({ table: 'status-codes' })('constructor', {}))).toBe(true);
  });

  it('refuses at compile time what cannot work', () => {
    const unknown = compile({ table: 'contry-codes' });
    expect(typeof unknown !== 'function' && unknown.message).toBe(
      'no lookup table "contry-codes" under lookups: (did you mean "country-codes"?)',
    );
    const noDefault = compile({ table: 'country-codes', unmatched: 'default' });
    expect(typeof noDefault !== 'function' && noDefault.message).toMatch(/needs a default/);
    const unused = compile({ table: 'country-codes', unmatched: 'issue', default: 'XX' });
    expect(typeof unused !== 'function' && unused.message).toMatch(/never used/);
    const collide = compile({ table: { de: 'x', DE: 'y' }, ignoreCase: true });
    expect(typeof collide !== 'function' && collide.code).toBe('bad-lookup-table');
  });
});
