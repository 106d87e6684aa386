import type { Target, WriteRequest, WriteResult } from '../core/connector.js';
import { toIntegrationError } from '../core/integration-error.js';
import type { CircuitState } from './circuit-breaker.js';
import type { RetryPolicy } from './compiled-flow.js';
import type { SystemGuard } from './system-guards.js';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** What the retry loop tells the log: a retry, or the system's circuit changing state. */
export interface RetryEvents {
  readonly onRetry?: ((attempt: number, error: Error, delayMs: number) => void) | undefined;
  readonly onCircuit?: ((system: string, state: CircuitState, detail: string) => void) | undefined;
}

/**
 * Writes a batch, retrying whole-batch failures of kind `transient` with backoff and jitter.
 * With a guard, each try first takes a slot of the system's rate limit, and an open circuit
 * breaker makes the loop wait for the probe time instead of calling the system.
 */
export function writeWithRetry(
  target: Target,
  request: WriteRequest,
  policy: RetryPolicy,
  signal: AbortSignal,
  sleep: Sleep,
  events: RetryEvents = {},
  guard: SystemGuard = {},
  clock: () => number = Date.now,
): Promise<WriteResult> {
  return callWithRetry(() => target.write(request, signal), policy, signal, sleep, events, guard, clock);
}

/** writeWithRetry for any call to the target system (the COPY text lane's writes, say). */
export async function callWithRetry<R>(
  call: () => Promise<R>,
  policy: RetryPolicy,
  signal: AbortSignal,
  sleep: Sleep,
  events: RetryEvents = {},
  guard: SystemGuard = {},
  clock: () => number = Date.now,
): Promise<R> {
  const { breaker, limiter } = guard;
  let last: Error = new Error('the system was not called: its circuit is open');
  for (let attempt = 1; ; attempt++) {
    const admission = breaker?.admit(clock()) ?? { call: true, probe: false };
    if (!admission.call) {
      // Waiting for the probe counts as a try, so an outage still ends the run in bounded time.
      if (attempt >= policy.attempts) throw breaker?.openError(last);
      await sleep(admission.waitMs, signal);
      continue;
    }
    if (admission.probe) events.onCircuit?.(breaker?.system ?? '', 'half-open', 'probing with one call');
    try {
      await limiter?.take(signal, sleep);
      const result = await call();
      if (breaker?.succeeded()) events.onCircuit?.(breaker.system, 'closed', 'the system answers again');
      return result;
    } catch (thrown) {
      const error = toIntegrationError(thrown, { kind: 'transient', code: 'write-failed', stage: 'write' });
      if (error.kind !== 'transient' || signal.aborted) throw error;
      last = error;
      if (breaker?.failed(clock())) events.onCircuit?.(breaker.system, 'open', error.message);
      if (attempt >= policy.attempts) throw breaker?.state() === 'open' ? breaker.openError(error) : error;
      const delay = backoffDelay(policy, attempt);
      events.onRetry?.(attempt, error, delay);
      await sleep(delay, signal);
    }
  }
}

/** Equal jitter: between half and all of the exponential bound, so retrying workers do not stampede. */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const bound =
    policy.backoff === 'fixed'
      ? policy.delayMs
      : Math.min(policy.maxDelayMs, policy.delayMs * 2 ** (attempt - 1));
  return Math.round(bound / 2 + (random() * bound) / 2);
}

export const timerSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
