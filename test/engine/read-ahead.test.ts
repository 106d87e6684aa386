import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/engine/read-ahead.js';

/** A source that logs each request and when it lets go of what it holds. */
function loggedSource(count: number, log: string[], failAt?: number): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let n = 1; n <= count; n++) {
          log.push(`fetch ${n}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (n === failAt) throw new Error(`batch ${n} failed`);
          yield n;
        }
      } finally {
        log.push('released');
      }
    },
  };
}

describe('readAhead', () => {
  it('requests the next batch before the current one is handled, and keeps the order', async () => {
    const log: string[] = [];
    for await (const n of readAhead(loggedSource(3, log))) log.push(`handle ${n}`);
    // The request after batch 3 finds the end, so the source is released before 3 is handled.
    expect(log).toEqual(['fetch 1', 'fetch 2', 'handle 1', 'fetch 3', 'handle 2', 'released', 'handle 3']);
  });

  it('on an early stop lets the request ahead settle, then releases the source', async () => {
    const log: string[] = [];
    for await (const n of readAhead(loggedSource(5, log))) {
      log.push(`handle ${n}`);
      if (n === 2) break;
    }
    expect(log).toEqual(['fetch 1', 'fetch 2', 'handle 1', 'fetch 3', 'handle 2', 'released']);
  });

  it('reports a failed request ahead only when its turn comes', async () => {
    const log: string[] = [];
    const handled: number[] = [];
    const reading = (async () => {
      for await (const n of readAhead(loggedSource(5, log, 3))) handled.push(n);
    })();
    await expect(reading).rejects.toThrow('batch 3 failed');
    expect(handled).toEqual([1, 2]);
    expect(log.at(-1)).toBe('released');
  });

  it('does not request the next batch while the current one is over the memory budget', async () => {
    const log: string[] = [];
    for await (const n of readAhead(loggedSource(3, log), (current) => current !== 2))
      log.push(`handle ${n}`);
    expect(log).toEqual(['fetch 1', 'fetch 2', 'handle 1', 'handle 2', 'fetch 3', 'released', 'handle 3']);
  });
});
