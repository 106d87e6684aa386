/**
 * A requests-per-second budget: up to `burst` requests at once, then one every 1/rate seconds.
 * `take` waits for a token (or for the signal to abort).
 */
export interface TokenBucket {
  take(signal: AbortSignal): Promise<void>;
}

export function createTokenBucket(ratePerSecond: number, burst: number): TokenBucket {
  let tokens = burst;
  let updated = performance.now();
  // Waiters are served in order, so one slow consumer cannot be starved by later ones.
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - updated) / 1000) * ratePerSecond);
    updated = now;
  };
  const takeOne = async (signal: AbortSignal) => {
    for (;;) {
      signal.throwIfAborted();
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await delay(Math.ceil(((1 - tokens) / ratePerSecond) * 1000), signal);
    }
  };
  return {
    take(signal) {
      const turn = queue.then(() => takeOne(signal));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const buckets = new Map<string, TokenBucket>();

/**
 * One bucket per system and budget in this process, so every flow touching a system shares its
 * budget (a per-opened-connector bucket would multiply it by the number of flows).
 */
export function sharedTokenBucket(system: string, baseUrl: string, rate: number, burst: number): TokenBucket {
  const id = JSON.stringify([system, baseUrl, rate, burst]);
  let bucket = buckets.get(id);
  if (bucket === undefined) {
    bucket = createTokenBucket(rate, burst);
    buckets.set(id, bucket);
  }
  return bucket;
}
