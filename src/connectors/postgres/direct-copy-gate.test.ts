import { describe, expect, it } from 'vitest';
import { directCopyGate } from './direct-copy-gate.js';

/** The gate's answers for `count` batches, failing every direct COPY it lets through. */
function whileFailing(count: number): boolean[] {
  const gate = directCopyGate();
  return Array.from({ length: count }, () => {
    const tries = gate.shouldTry();
    if (tries) gate.failed();
    return tries;
  });
}

describe('directCopyGate', () => {
  it('tries every batch while direct COPY succeeds', () => {
    const gate = directCopyGate();
    for (let i = 0; i < 5; i++) {
      expect(gate.shouldTry()).toBe(true);
      gate.succeeded();
    }
  });

  it('after failures skips 1, 2, 4, … batches, at most 64', () => {
    const tried = whileFailing(200)
      .map((tries, i) => (tries ? i : -1))
      .filter((i) => i >= 0);
    expect(tried).toEqual([0, 2, 5, 10, 19, 36, 69, 134, 199]);
  });

  it('tries every batch again once a direct COPY succeeds', () => {
    const gate = directCopyGate();
    gate.shouldTry();
    gate.failed();
    expect(gate.shouldTry()).toBe(false);
    expect(gate.shouldTry()).toBe(true);
    gate.succeeded();
    expect([gate.shouldTry(), gate.shouldTry()]).toEqual([true, true]);
  });
});
