/**
 * Slows down password guessing: after `maxFailures` failed logins within `window` for the
 * same user name, or the same client address, further attempts are refused for `lockout`.
 * The lockout is bounded (it ends by itself), so an attacker cannot lock a user out for good,
 * and the table is bounded (`maxEntries`, oldest dropped first), so it cannot eat memory.
 * Kept in memory: a restart forgets it, which is acceptable for a single server.
 */

export interface LoginLimiterOptions {
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly lockoutMs?: number;
  readonly maxEntries?: number;
}

export interface LoginLimiter {
  /** Milliseconds until any of the keys may try again; 0 when allowed now. */
  retryAfter(keys: readonly string[], now: number): number;
  recordFailure(keys: readonly string[], now: number): void;
  recordSuccess(keys: readonly string[]): void;
}

interface Tally {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

export function createLoginLimiter(options: LoginLimiterOptions = {}): LoginLimiter {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const lockoutMs = options.lockoutMs ?? 15 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const tallies = new Map<string, Tally>();

  return {
    retryAfter(keys, now) {
      return Math.max(0, ...keys.map((key) => (tallies.get(key)?.lockedUntil ?? 0) - now));
    },
    recordFailure(keys, now) {
      for (const key of keys) {
        const previous = tallies.get(key);
        const tally =
          previous === undefined || now - previous.firstAt > windowMs
            ? { failures: 0, firstAt: now, lockedUntil: 0 }
            : previous;
        tally.failures += 1;
        if (tally.failures >= maxFailures) tally.lockedUntil = now + lockoutMs;
        tallies.delete(key);
        tallies.set(key, tally);
        if (tallies.size > maxEntries) tallies.delete(tallies.keys().next().value as string);
      }
    },
    recordSuccess(keys) {
      for (const key of keys) tallies.delete(key);
    },
  };
}
