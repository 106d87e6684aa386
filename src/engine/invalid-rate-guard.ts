import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from './compiled-flow.js';

/** Below this many records a rate says little; a single bad line must not stop a flow for good. */
export const minimumSample = 20;

/**
 * errors.maxInvalidRate: stops a run whose share of invalid records, counted over the run so
 * far, goes above the limit — a broken upstream must not flood the dead letters. Called after
 * mapping and before writing, so the batch that crosses the limit writes nothing.
 */
export function invalidRateGuard(
  flow: CompiledFlow,
): (invalid: number, total: number, first?: string) => void {
  const limit = flow.maxInvalidRate;
  let seenInvalid = 0;
  let seenTotal = 0;
  return (invalid, total, first) => {
    seenInvalid += invalid;
    seenTotal += total;
    if (limit === undefined || seenTotal < minimumSample || seenInvalid / seenTotal <= limit) return;
    const percent = Math.round((seenInvalid / seenTotal) * 100);
    throw new IntegrationError(
      `flow ${flow.name}: ${seenInvalid} of the ${seenTotal} records read so far are invalid (${percent}%), more than errors.maxInvalidRate allows (${Math.round(limit * 100)}%)${first ? `; the first: ${first}` : ''}`,
      {
        kind: 'config',
        code: 'invalid-rate-exceeded',
        stage: 'validate',
        hint: 'an upstream change or a mapping mistake is likely; the checkpoint did not move, so fix it and run again',
      },
    );
  };
}
