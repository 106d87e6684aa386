import type { CompiledFlow } from '../engine/compiled-flow.js';
import { parseDuration } from '../engine/parse-duration.js';
import { describeTrigger } from '../spec/describe-trigger.js';
import type { RunRecord, StateStore } from '../store/state-store.js';
import { lastSuccess } from './flow-metrics.js';

export type FlowHealth = 'green' | 'amber' | 'red';

/** One flow as the dashboard's overview shows it. */
export interface FlowOverview {
  readonly flow: string;
  readonly description?: string | undefined;
  /** Rollout stage, when the project tracks stages; null until then. */
  readonly stage: string | null;
  readonly trigger: string;
  readonly enabled: boolean;
  /** running, or the last run's status, or "never run". */
  readonly status: string;
  readonly lastRun: RunRecord | null;
  /** Share of the last day's runs that failed, and of its records that were dead-lettered (0..1). */
  readonly errorRate: { readonly runs: number; readonly records: number };
  /** Records written by runs started since midnight UTC. */
  readonly recordsToday: number;
  readonly freshness: {
    readonly window: string | null;
    readonly lastSuccessAt: string | null;
    readonly isStale: boolean;
  };
  readonly deadLetterBacklog: number;
  readonly health: FlowHealth;
}

export interface OverviewContext {
  readonly store: StateStore;
  readonly now: Date;
  readonly running: readonly string[];
  readonly stageOf?: ((flow: CompiledFlow) => string | undefined) | undefined;
}

/**
 * A flow's state at a glance: red when its last run failed or it is stale (no success within
 * monitoring.freshness); amber when records wait in the dead-letter queue, some failed today,
 * or it never ran; green otherwise.
 */
export async function flowOverview(flow: CompiledFlow, context: OverviewContext): Promise<FlowOverview> {
  const { store, now } = context;
  const recent = await store.listRuns({ flow: flow.name, limit: 200 });
  const dayAgo = now.getTime() - 86_400_000;
  const midnight = new Date(now);
  midnight.setUTCHours(0, 0, 0, 0);
  const lastDay = recent.filter((run) => Date.parse(run.startedAt) >= dayAgo);
  const read = lastDay.reduce((sum, run) => sum + run.read, 0);
  const dead = lastDay.reduce((sum, run) => sum + run.deadLettered, 0);
  const failedRuns = lastDay.filter((run) => run.status === 'failed').length;
  // A rollback's reverted records are an undo, not traffic.
  const recordsToday = recent
    .filter((run) => run.trigger !== 'rollback' && Date.parse(run.startedAt) >= midnight.getTime())
    .reduce((sum, run) => sum + run.written, 0);
  const success = recent.find((run) => run.status === 'succeeded') ?? (await lastSuccess(store, flow.name));
  const window = flow.spec.monitoring?.freshness ?? null;
  const isStale =
    window !== null &&
    (success?.finishedAt === undefined ||
      now.getTime() - Date.parse(success.finishedAt) > parseDuration(window));
  const backlog = await store.countDeadLetters({ flow: flow.name, status: 'open' });
  const lastRun = recent.find((run) => run.status !== 'running') ?? recent[0] ?? null;
  const status = context.running.includes(flow.name) ? 'running' : (lastRun?.status ?? 'never run');
  const errorRate = {
    runs: lastDay.length === 0 ? 0 : failedRuns / lastDay.length,
    records: read === 0 ? 0 : dead / read,
  };
  const health: FlowHealth =
    lastRun?.status === 'failed' || isStale
      ? 'red'
      : backlog > 0 || failedRuns > 0 || lastRun === null
        ? 'amber'
        : 'green';
  return {
    flow: flow.name,
    description: flow.spec.description,
    stage: context.stageOf?.(flow) ?? null,
    trigger: describeTrigger(flow.spec.trigger),
    enabled: flow.spec.enabled,
    status,
    lastRun,
    errorRate,
    recordsToday,
    freshness: { window, lastSuccessAt: success?.finishedAt ?? null, isStale },
    deadLetterBacklog: backlog,
    health,
  };
}
