import { describe, expect, it } from 'vitest';
import { limitHeapGrowth } from './limit-heap-growth.js';

describe('limitHeapGrowth', () => {
  it('sets the growth limit when the process was started without one', () => {
    expect(limitHeapGrowth([], '')).toBe(true);
  });

  it('keeps a limit given on the command line or in NODE_OPTIONS', () => {
    expect(limitHeapGrowth(['--heap-growing-percent=100'], '')).toBe(false);
    expect(limitHeapGrowth([], '--max-old-space-size=512 --heap_growing_percent=20')).toBe(false);
  });
});
