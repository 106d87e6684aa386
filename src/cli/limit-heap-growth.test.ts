import { describe, expect, it } from 'vitest';
import { CliExit } from './exit-code.js';
import { defaultHeapGrowingPercent, limitHeapGrowth } from './limit-heap-growth.js';

describe('limitHeapGrowth', () => {
  it('sets the default growth limit when nothing else is asked for', () => {
    expect(limitHeapGrowth([], {})).toBe(defaultHeapGrowingPercent);
  });

  it('takes SYNCLINE_HEAP_GROWING_PERCENT, and 0 leaves V8 its own growth', () => {
    expect(limitHeapGrowth([], { SYNCLINE_HEAP_GROWING_PERCENT: '100' })).toBe(100);
    expect(limitHeapGrowth([], { SYNCLINE_HEAP_GROWING_PERCENT: '0' })).toBeUndefined();
  });

  it('keeps a limit given to Node on the command line', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=20'], {})).toBeUndefined();
  });

  it('refuses a value that is not a whole number of percent, saying what is allowed', () => {
    expect(() => limitHeapGrowth([], { SYNCLINE_HEAP_GROWING_PERCENT: '1.5x' })).toThrow(CliExit);
    expect(() => limitHeapGrowth([], { SYNCLINE_HEAP_GROWING_PERCENT: '-1' })).toThrow(
      /whole number of percent, not "-1": 100 is the default, 0 leaves V8's own heap growth/,
    );
  });
});
