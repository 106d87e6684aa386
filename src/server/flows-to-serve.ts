import type { Project } from '../engine/check-project.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';

/** How `syncline serve` starts a flow's runs. */
export type ServeStart =
  | { readonly kind: 'schedule'; readonly cron: string; readonly timezone: string }
  /** The source is a queue or a webhook: one run after another, each taking what arrives. */
  | { readonly kind: 'consume' }
  /** Runs when `after` finished a run successfully. */
  | { readonly kind: 'after'; readonly upstream: string };

export interface ServedFlow {
  readonly name: string;
  readonly flow: CompiledFlow;
  readonly start: ServeStart;
  /** run (default): a normal run; shadow: a compare against the baseline, nothing written. */
  readonly mode?: 'run' | 'shadow' | undefined;
}

/** Source kinds that deliver records as they come rather than on request. */
export const continuousKinds: ReadonlySet<string> = new Set(['amqp', 'nats', 'mqtt', 'webhook']);

/**
 * The flows `syncline serve` runs, and how: every enabled flow with a trigger it can follow
 * (a schedule, an `after:` chain, a queue or webhook source). Flows with a manual trigger, or
 * none, run only on demand (the API's run action). `admit` narrows the set further: it is the
 * seam for rollout stages (only live flows, say), which belong to the caller's policy.
 */
export function flowsToServe(
  project: Pick<Project, 'flows'>,
  admit: (flow: CompiledFlow) => boolean = () => true,
): ServedFlow[] {
  const served: ServedFlow[] = [];
  for (const [name, flow] of project.flows) {
    if (!flow.spec.enabled || flow.spec.trigger?.manual || !admit(flow)) continue;
    const start = startOf(flow);
    if (start) served.push({ name, flow, start });
  }
  return served;
}

function startOf(flow: CompiledFlow): ServeStart | undefined {
  const trigger = flow.spec.trigger;
  if (continuousKinds.has(flow.source.connector.kind)) return { kind: 'consume' };
  if (trigger?.schedule)
    return { kind: 'schedule', cron: trigger.schedule, timezone: trigger.timezone ?? 'UTC' };
  if (trigger?.after) return { kind: 'after', upstream: trigger.after };
  return undefined;
}

/**
 * The parallel flows serve compares on their triggers instead of running them (decision 0038):
 * those `shadow` picks that have a schedule or an `after:` chain. A queue or webhook source is
 * left out: reading it for a compare would take the messages away from the old process.
 */
export function flowsToShadow(
  project: Pick<Project, 'flows'>,
  shadow: (flow: CompiledFlow) => boolean,
): ServedFlow[] {
  return flowsToServe(project, shadow)
    .filter((served) => served.start.kind !== 'consume')
    .map((served) => ({ ...served, mode: 'shadow' as const }));
}
