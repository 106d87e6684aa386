import { describe, expect, it } from 'vitest';
import { suggestName } from './suggest-name.js';

describe('suggestName', () => {
  it('suggests close names and swapped letters', () => {
    expect(suggestName('lowr', ['trim', 'lower'])).toBe('lower');
    expect(suggestName('emial', ['required', 'email'])).toBe('email');
    expect(suggestName('form', ['to', 'from'])).toBe('from');
    expect(suggestName('Emial', ['email'])).toBe('email');
  });
  it('suggests nothing when nothing is close', () => {
    expect(suggestName('zzz', ['trim', 'lower'])).toBeUndefined();
    expect(suggestName('ab', ['ab'])).toBe('ab');
    expect(suggestName('abc', ['abd'])).toBe('abd');
    expect(suggestName('abcd', ['badc'])).toBeUndefined();
  });
});
