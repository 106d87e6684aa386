import type { CompiledFlow, RetryPolicy } from '../engine/compiled-flow.js';
import { type DrillPass, type DrillPassOptions, drillPass } from './drill-pass.js';
import type { DrillScenario, DrillSettings } from './drill-scenario.js';
import { injectFailure } from './inject-failure.js';

/** One expectation of a drill and whether it held. */
export interface DrillExpectation {
  readonly name: string;
  readonly ok: boolean;
}

export interface DrillReport {
  readonly flow: string;
  readonly scenario: DrillScenario;
  readonly injected: string;
  readonly pass: DrillPass;
  /** volume-spike: the same flow with the source delivered once, for the memory comparison. */
  readonly baseline?: DrillPass;
  /** target-down: how long the retry policy waits at most before the run gives up. */
  readonly policy?: { readonly attempts: number; readonly allowsMs: number; readonly gaveUp: boolean };
  readonly expectations: readonly DrillExpectation[];
  readonly ok: boolean;
}

/** Runs a drill (two passes for volume-spike) and judges its expectations. */
export async function drillFlow(
  options: Omit<DrillPassOptions, 'injection'> & {
    readonly flow: CompiledFlow;
    readonly settings: DrillSettings;
  },
): Promise<DrillReport> {
  const { scenario, flow } = options;
  const injection = injectFailure(scenario, flow, options.settings);
  const baseline =
    scenario === 'volume-spike'
      ? await drillPass({ ...options, injection: { ...injection, redeliver: () => (batch) => [batch] } })
      : undefined;
  const pass = await drillPass({ ...options, injection });
  const expectations: DrillExpectation[] = [
    { name: 'nothing lost (every source record in the target or a dead letter)', ok: pass.check.lost === 0 },
    { name: 'nothing duplicated in the target', ok: pass.check.duplicated === 0 },
    { name: 'the last run succeeded', ok: pass.runs.at(-1)?.status === 'succeeded' },
  ];
  let policy: DrillReport['policy'];
  if (scenario === 'target-down') {
    const gaveUp = pass.runs.length > 1;
    policy = { attempts: flow.retry.attempts, allowsMs: retryAllowanceMs(flow.retry), gaveUp };
    expectations.push({ name: 'the run retried the failing writes', ok: pass.retries > 0 });
  }
  if (scenario === 'crash')
    expectations.push({ name: 'the run was killed mid-run', ok: pass.killed === true });
  if (baseline) {
    expectations.push(
      {
        name: 'the 1x baseline lost and duplicated nothing',
        ok: baseline.check.lost + baseline.check.duplicated === 0,
      },
      {
        name: 'peak memory stays bounded at 10x (at most 1.5x the baseline + 64 MiB)',
        ok: pass.peakRssBytes <= baseline.peakRssBytes * 1.5 + 64 * 1024 * 1024,
      },
    );
  }
  return {
    flow: flow.name,
    scenario,
    injected: injection.injected,
    pass,
    ...(baseline ? { baseline } : {}),
    ...(policy ? { policy } : {}),
    expectations,
    ok: expectations.every((e) => e.ok),
  };
}

/** The longest the policy waits between its tries: the sum of the backoff bounds. */
export function retryAllowanceMs(policy: RetryPolicy): number {
  let total = 0;
  for (let attempt = 1; attempt < policy.attempts; attempt++) {
    total +=
      policy.backoff === 'fixed'
        ? policy.delayMs
        : Math.min(policy.maxDelayMs, policy.delayMs * 2 ** (attempt - 1));
  }
  return total;
}
