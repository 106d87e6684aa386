import { IntegrationError } from '../core/integration-error.js';

export interface CircuitBreakerPolicy {
  /** Consecutive transient failures that open the circuit. */
  readonly failures: number;
  /** How long an open circuit waits before one probe call. */
  readonly probeAfterMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/** What a caller must do before calling the system. */
export type CircuitAdmission =
  | { readonly call: true; readonly probe: boolean }
  | { readonly call: false; readonly waitMs: number };

export interface CircuitBreaker {
  readonly system: string;
  state(): CircuitState;
  /** Closed: call. Open: wait until the probe time, then one caller probes (half-open). */
  admit(now: number): CircuitAdmission;
  /** A call succeeded: the circuit closes. Returns true when it was not closed before. */
  succeeded(): boolean;
  /** A call failed transiently. Returns true when this failure opened (or re-opened) the circuit. */
  failed(now: number): boolean;
  /** The error a run ends with when it gives up while the circuit is open. */
  openError(cause: Error): IntegrationError;
}

/**
 * One system's circuit breaker: after `failures` consecutive transient failures it opens, and
 * callers stop calling the system until `probeAfterMs` has passed; then a single call probes
 * it. Success closes the circuit; failure opens it for another `probeAfterMs`. Shared by every
 * flow of a process that talks to the system, so one outage is not hammered from every side.
 */
export function createCircuitBreaker(system: string, policy: CircuitBreakerPolicy): CircuitBreaker {
  let consecutive = 0;
  let state: CircuitState = 'closed';
  let openedAt = 0;
  return {
    system,
    state: () => state,
    admit(now) {
      if (state === 'closed') return { call: true, probe: false };
      if (state === 'half-open') return { call: false, waitMs: policy.probeAfterMs };
      const waitMs = openedAt + policy.probeAfterMs - now;
      if (waitMs > 0) return { call: false, waitMs };
      state = 'half-open';
      return { call: true, probe: true };
    },
    succeeded() {
      const wasOpen = state !== 'closed';
      consecutive = 0;
      state = 'closed';
      return wasOpen;
    },
    failed(now) {
      consecutive++;
      if (state === 'half-open' || (state === 'closed' && consecutive >= policy.failures)) {
        state = 'open';
        openedAt = now;
        return true;
      }
      return false;
    },
    openError(cause) {
      return new IntegrationError(
        `the circuit breaker for system ${system} is open after ${consecutive} consecutive failures; the last: ${cause.message}`,
        {
          kind: 'transient',
          code: 'circuit-open',
          stage: 'write',
          hint: `${system} is not answering: check it is up and reachable, then run the flow again (it continues from its checkpoint)`,
          cause,
        },
      );
    },
  };
}
