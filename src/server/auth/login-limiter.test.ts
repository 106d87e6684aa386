import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from './login-limiter.js';

describe('createLoginLimiter', () => {
  const keys = ['user:ana', 'ip:10.0.0.1'];

  it('locks after maxFailures within the window, and the lockout ends by itself', () => {
    const limiter = createLoginLimiter({ maxFailures: 3, windowMs: 60_000, lockoutMs: 300_000 });
    limiter.recordFailure(keys, 0);
    limiter.recordFailure(keys, 1000);
    expect(limiter.retryAfter(keys, 2000)).toBe(0);
    limiter.recordFailure(keys, 2000);
    expect(limiter.retryAfter(keys, 3000)).toBe(299_000);
    expect(limiter.retryAfter(['user:other', 'ip:10.0.0.1'], 3000)).toBe(299_000);
    expect(limiter.retryAfter(keys, 302_001)).toBe(0);
  });

  it('forgets failures older than the window, and a success clears the tally', () => {
    const limiter = createLoginLimiter({ maxFailures: 2, windowMs: 1000, lockoutMs: 5000 });
    limiter.recordFailure(keys, 0);
    limiter.recordFailure(keys, 5000);
    expect(limiter.retryAfter(keys, 5001)).toBe(0);
    limiter.recordSuccess(keys);
    limiter.recordFailure(keys, 5002);
    expect(limiter.retryAfter(keys, 5003)).toBe(0);
  });

  it('keeps at most maxEntries tallies, dropping the oldest', () => {
    const limiter = createLoginLimiter({ maxFailures: 1, lockoutMs: 1000, maxEntries: 2 });
    limiter.recordFailure(['a'], 0);
    limiter.recordFailure(['b'], 0);
    limiter.recordFailure(['c'], 0);
    expect(limiter.retryAfter(['a'], 1)).toBe(0);
    expect(limiter.retryAfter(['b'], 1)).toBe(999);
    expect(limiter.retryAfter(['c'], 1)).toBe(999);
  });
});
