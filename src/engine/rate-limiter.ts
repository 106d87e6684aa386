import type { Sleep } from './write-with-retry.js';

export interface RateLimiter {
  /**
   * Waits, if needed, so that calls are at most `perSecond` per second; resolves when one may
   * go. `count` takes that many at once (a batch of records under a records-per-second limit).
   */
  take(signal: AbortSignal, sleep: Sleep, count?: number): Promise<void>;
}

/**
 * Spaces calls to one system evenly: at most `perSecond` per second, each call reserving the
 * next free slot. No bursts — a system with a published rate limit is better served steadily.
 */
export function createRateLimiter(perSecond: number, clock: () => number = Date.now): RateLimiter {
  const interval = 1000 / perSecond;
  let next = 0;
  return {
    async take(signal, sleep, count = 1) {
      const now = clock();
      const slot = Math.max(now, next);
      next = slot + interval * count;
      if (slot > now) await sleep(slot - now, signal);
    },
  };
}
