import type { Target, WriteRequest, WriteResult } from '../core/connector.js';
import { toIntegrationError } from '../core/integration-error.js';
import type { RetryPolicy } from './compiled-flow.js';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Writes a batch, retrying whole-batch failures of kind `transient` with backoff and jitter. */
export async function writeWithRetry(
  target: Target,
  request: WriteRequest,
  policy: RetryPolicy,
  signal: AbortSignal,
  sleep: Sleep,
  onRetry: (attempt: number, error: Error, delayMs: number) => void = () => {},
): Promise<WriteResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await target.write(request, signal);
    } catch (thrown) {
      const error = toIntegrationError(thrown, { kind: 'transient', code: 'write-failed', stage: 'write' });
      if (error.kind !== 'transient' || attempt >= policy.attempts || signal.aborted) throw error;
      const delay = backoffDelay(policy, attempt);
      onRetry(attempt, error, delay);
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
