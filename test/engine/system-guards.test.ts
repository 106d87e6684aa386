import { describe, expect, it } from 'vitest';
import type { Target, WriteRequest } from '../../src/core/connector.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import { createCircuitBreaker } from '../../src/engine/circuit-breaker.js';
import type { RetryPolicy } from '../../src/engine/compiled-flow.js';
import { createRateLimiter } from '../../src/engine/rate-limiter.js';
import { createSystemGuards } from '../../src/engine/system-guards.js';
import { type Sleep, writeWithRetry } from '../../src/engine/write-with-retry.js';

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 1_000_000;
  const slept: number[] = [];
  const sleep: Sleep = async (ms) => {
    slept.push(ms);
    now += ms;
  };
  return { clock: () => now, sleep, slept, advance: (ms: number) => (now += ms) };
}

const down = () => new IntegrationError('connection refused', { kind: 'transient', code: 'unreachable' });

/** A target that fails transiently for its first `failures` calls, and counts calls. */
function flakyTarget(failures: number) {
  let calls = 0;
  const target: Target = {
    async write(request: WriteRequest) {
      calls++;
      if (calls <= failures) throw down();
      return { written: request.rows.length, rejected: [] };
    },
    async close() {},
  };
  return { target, calls: () => calls };
}

const request: WriteRequest = { rows: [{ id: 1 }], key: ['id'], mode: 'upsert' };
const signal = new AbortController().signal;
const policy = (attempts: number): RetryPolicy => ({
  attempts,
  backoff: 'fixed',
  delayMs: 100,
  maxDelayMs: 100,
});

describe('circuit breaker', () => {
  it('opens after N consecutive failures, waits, lets one probe through, and closes on success', () => {
    const breaker = createCircuitBreaker('erp', { failures: 3, probeAfterMs: 30_000 });
    expect(breaker.failed(0)).toBe(false);
    breaker.succeeded(); // a success in between resets the count
    expect([breaker.failed(0), breaker.failed(0)]).toEqual([false, false]);
    expect(breaker.failed(10)).toBe(true);
    expect(breaker.state()).toBe('open');
    expect(breaker.admit(20_000)).toEqual({ call: false, waitMs: 10_010 });
    expect(breaker.admit(30_010)).toEqual({ call: true, probe: true });
    expect(breaker.state()).toBe('half-open');
    expect(breaker.admit(30_011).call).toBe(false);
    expect(breaker.succeeded()).toBe(true);
    expect(breaker.state()).toBe('closed');
  });

  it('stays open for another wait when the probe fails', () => {
    const breaker = createCircuitBreaker('erp', { failures: 1, probeAfterMs: 1000 });
    breaker.failed(0);
    expect(breaker.admit(1000)).toEqual({ call: true, probe: true });
    expect(breaker.failed(1000)).toBe(true);
    expect(breaker.admit(1500)).toEqual({ call: false, waitMs: 500 });
  });
});

describe('writeWithRetry with a system guard', () => {
  it('stops calling an open system until the probe time, then resumes', async () => {
    const time = fakeTime();
    const { target, calls } = flakyTarget(3);
    const breaker = createCircuitBreaker('erp', { failures: 3, probeAfterMs: 5000 });
    const events: string[] = [];
    const result = await writeWithRetry(
      target,
      request,
      policy(10),
      signal,
      time.sleep,
      { onCircuit: (system, state) => events.push(`${system} ${state}`) },
      { breaker },
      time.clock,
    );
    expect(result.written).toBe(1);
    // Three failures open it; the wait for the probe is not a call; the probe succeeds.
    expect(calls()).toBe(4);
    expect(events).toEqual(['erp open', 'erp half-open', 'erp closed']);
    expect(time.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5000);
  });

  it('ends with a circuit-open error naming the system when it never comes back', async () => {
    const time = fakeTime();
    const { target } = flakyTarget(Number.POSITIVE_INFINITY);
    const breaker = createCircuitBreaker('erp', { failures: 2, probeAfterMs: 5000 });
    const failure = writeWithRetry(
      target,
      request,
      policy(6),
      signal,
      time.sleep,
      {},
      { breaker },
      time.clock,
    );
    await expect(failure).rejects.toMatchObject({
      code: 'circuit-open',
      kind: 'transient',
      message: expect.stringContaining('the circuit breaker for system erp is open'),
    });
  });

  it('spaces calls by the rate limit', async () => {
    const time = fakeTime();
    const limiter = createRateLimiter(4, time.clock);
    const { target } = flakyTarget(0);
    for (let i = 0; i < 3; i++)
      await writeWithRetry(target, request, policy(1), signal, time.sleep, {}, { limiter }, time.clock);
    // The first call goes at once; each next one waits for its slot, 250 ms apart.
    expect(time.slept).toEqual([250, 250]);
  });

  it('shares one guard per system name', () => {
    const guards = createSystemGuards();
    const limits = { requestsPerSecond: 2, circuitBreaker: { failures: 1, probeAfterMs: 10 } };
    expect(guards('erp', limits)).toBe(guards('erp', limits));
    expect(guards('crm', undefined)).toEqual({ limiter: undefined, breaker: undefined });
  });
});
