import { type CircuitBreaker, type CircuitBreakerPolicy, createCircuitBreaker } from './circuit-breaker.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

/** A system's `limits:` from the spec, compiled. */
export interface SystemLimits {
  readonly requestsPerSecond?: number | undefined;
  readonly circuitBreaker?: CircuitBreakerPolicy | undefined;
}

/** The rate limiter and circuit breaker of one system, when its spec asks for them. */
export interface SystemGuard {
  readonly limiter?: RateLimiter | undefined;
  readonly breaker?: CircuitBreaker | undefined;
}

export type SystemGuards = (system: string, limits: SystemLimits | undefined) => SystemGuard;

/**
 * One guard per system name, made on first use: every flow of a process that calls a system
 * shares its rate limit and circuit breaker, so the limits hold for the system as a whole.
 */
export function createSystemGuards(): SystemGuards {
  const guards = new Map<string, SystemGuard>();
  return (system, limits) => {
    const known = guards.get(system);
    if (known) return known;
    const guard: SystemGuard = {
      limiter: limits?.requestsPerSecond ? createRateLimiter(limits.requestsPerSecond) : undefined,
      breaker: limits?.circuitBreaker ? createCircuitBreaker(system, limits.circuitBreaker) : undefined,
    };
    guards.set(system, guard);
    return guard;
  };
}
