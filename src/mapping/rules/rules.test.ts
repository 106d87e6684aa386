import { describe, expect, it } from 'vitest';
import type { Issue } from '../../core/issue.js';
import type { RuleDefinition } from '../rule.js';
import { emailRule } from './email.js';
import { maxLengthRule } from './max-length.js';
import { patternRule } from './pattern.js';
import { requiredRule } from './required.js';

function make<A>(definition: RuleDefinition<A>, args: Record<string, unknown> = {}) {
  const run = definition.compile(definition.args.parse(args), {
    lookups: {},
    targets: ['out'],
    sources: ['in'],
  });
  if (typeof run !== 'function') throw new Error(run.message);
  return (value: unknown): Issue | undefined => run(value, {});
}

describe('required', () => {
  const required = make(requiredRule);
  it('refuses null, absent, empty and blank values', () => {
    for (const value of [null, undefined, '', '  \t ']) expect(required(value)?.code).toBe('required');
    expect(required(null)?.message).toBe('is required but null');
    expect(required(' ')?.message).toBe('is required but empty');
  });
  it('accepts anything else, zero and false included', () => {
    for (const value of ['x', 0, false, [], new Date(0)]) expect(required(value)).toBeUndefined();
  });
});

describe('pattern', () => {
  it('compiles once and tests the value as text', () => {
    const country = make(patternRule, { regex: '^[A-Z]{2}$' });
    expect(country('DE')).toBeUndefined();
    expect(country('Deu')?.message).toBe('"Deu" does not match the pattern ^[A-Z]{2}$');
    const digits = make(patternRule, { regex: String.raw`^\d{5}$` });
    expect(digits(11000)).toBeUndefined();
  });
  it('is Unicode-aware and takes flags', () => {
    expect(make(patternRule, { regex: String.raw`^\p{L}+$` })('Gonçalves')).toBeUndefined();
    expect(make(patternRule, { regex: '^de$', flags: 'i' })('DE')).toBeUndefined();
  });
  it('lets missing values pass (use required for those)', () => {
    expect(make(patternRule, { regex: '^x$' })(null)).toBeUndefined();
  });
  it('refuses a bad regular expression when the mapping compiles', () => {
    const result = patternRule.compile({ regex: '([a-z]' }, { lookups: {}, targets: ['out'], sources: [] });
    expect(typeof result !== 'function' && result.code).toBe('bad-pattern');
    expect(patternRule.args.safeParse({ regex: 'x', flags: 'g' }).success).toBe(false);
  });
});

describe('max-length', () => {
  it('counts characters as people do, not UTF-16 units', () => {
    const max = make(maxLengthRule, { max: 5 });
    expect(max('Bjørn')).toBeUndefined();
    expect(max('👍👍👍👍👍')).toBeUndefined();
    expect(max('👍👍👍👍👍👍')?.message).toBe('"👍👍👍👍👍👍" has 6 characters, more than max-length 5');
    expect(max(123456)?.code).toBe('too-long');
  });
  it('shortens a huge value in the message', () => {
    const result = make(maxLengthRule, { max: 10 })('x'.repeat(10_000));
    expect(result?.message.length).toBeLessThan(120);
    expect(result?.message).toContain('has 10000 characters');
  });
});

describe('email', () => {
  const email = make(emailRule);
  it('accepts ordinary and international addresses, trimmed', () => {
    for (const ok of [
      'luisg@embraer.com.br',
      ' bjorn.hansen@yahoo.no ',
      'františek@wichterlová.cz',
      'a+b@x.io',
    ]) {
      expect(email(ok), ok).toBeUndefined();
    }
  });
  it('says what is wrong with a bad address', () => {
    const cases: [string, string][] = [
      ['bob', 'no @'],
      ['bob@@x.com', 'more than one @'],
      ['a@b@x.com', 'more than one @'],
      ['@x.com', 'nothing before the @'],
      ['bob@', 'nothing after the @'],
      ['bob smith@x.com', 'it contains a space'],
      ['bob@localhost', 'the domain "localhost" has no dot'],
      ['bob@x..com', 'the domain "x..com" has an empty part'],
      ['bob@x.com.', 'the domain "x.com." has an empty part'],
    ];
    for (const [address, reason] of cases)
      expect(email(address)?.message, address).toMatch(new RegExp(`: ${reason}$`));
    expect(email(42)?.message).toBe('42 is not an email address: not text');
  });
});
