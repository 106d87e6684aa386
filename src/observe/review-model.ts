import type { Spec } from '../spec/schema.js';
import type { RunRecord, StateStore } from '../store/state-store.js';
import type { ReviewPeriod } from './review-period.js';
import { nextReviewDue, type ReviewDue } from './review-schedule.js';

export interface FlowReview {
  readonly flow: string;
  readonly description?: string | undefined;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  /** 0..1, or undefined without finished runs. */
  readonly successRate?: number | undefined;
  readonly read: number;
  readonly written: number;
  readonly deadLettered: number;
  /** Average records read per day of the period. */
  readonly readPerDay: number;
  readonly expectedPerDay?: readonly [number, number] | undefined;
  readonly expectedPerRun?: readonly [number, number] | undefined;
  /** Runs that read fewer or more than expected.perRun. */
  readonly runsOutsideExpected: number;
  readonly deadLettersOpened: number;
  readonly deadLettersClosed: number;
  readonly deadLettersOpenNow: number;
  /** Alerts that fired, by rule. */
  readonly alerts: Readonly<Record<string, number>>;
  readonly slowestRuns: readonly {
    readonly id: string;
    readonly startedAt: string;
    readonly seconds: number;
    readonly status: string;
  }[];
}

export interface ReviewModel {
  readonly project: string;
  readonly owner?: string | undefined;
  readonly period: { readonly from: string; readonly to: string; readonly label: string };
  readonly generatedAt: string;
  readonly flows: readonly FlowReview[];
  readonly schedule?: ReviewDue | undefined;
  /** Readiness findings are not kept in the state store yet: the report says so, once. */
  readonly readiness: string;
}

const seconds = (run: RunRecord) =>
  run.finishedAt === undefined ? 0 : (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;

/** Gathers the integration health review of a period from the state store. */
export async function buildReview(
  spec: Spec,
  store: StateStore,
  period: ReviewPeriod,
  now: Date,
): Promise<ReviewModel> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const flows: FlowReview[] = [];
  for (const [flow, flowSpec] of Object.entries(spec.flows ?? {})) {
    const runs = (await store.listRuns({ flow })).filter(
      (run) => run.startedAt >= from && run.startedAt < to,
    );
    const finished = runs.filter((run) => run.status === 'succeeded' || run.status === 'failed');
    const succeeded = runs.filter((run) => run.status === 'succeeded').length;
    const sum = (key: 'read' | 'written' | 'deadLettered') =>
      runs.reduce((total, run) => total + run[key], 0);
    const perRun = flowSpec.monitoring?.expected?.perRun;
    const [openedBefore, openedBy, openNow, resolved, events] = await Promise.all([
      store.countDeadLetters({ flow, before: from }),
      store.countDeadLetters({ flow, before: to }),
      store.countDeadLetters({ flow, status: 'open' }),
      store.listDeadLetters({ flow }),
      store.monitoring.listAlertEvents({ flow, since: from, until: to }),
    ]);
    const alerts: Record<string, number> = {};
    for (const event of events.filter((e) => e.event === 'fired'))
      alerts[event.rule] = (alerts[event.rule] ?? 0) + 1;
    const days = Math.max(1, (period.to.getTime() - period.from.getTime()) / 86_400_000);
    flows.push({
      flow,
      description: flowSpec.description,
      runs: runs.length,
      succeeded,
      failed: runs.filter((run) => run.status === 'failed').length,
      successRate: finished.length === 0 ? undefined : succeeded / finished.length,
      read: sum('read'),
      written: sum('written'),
      deadLettered: sum('deadLettered'),
      readPerDay: Math.round(sum('read') / days),
      expectedPerDay: flowSpec.monitoring?.expected?.perDay,
      expectedPerRun: perRun,
      runsOutsideExpected:
        perRun === undefined
          ? 0
          : runs.filter((r) => r.status === 'succeeded' && (r.read < perRun[0] || r.read > perRun[1])).length,
      deadLettersOpened: openedBy - openedBefore,
      deadLettersClosed: resolved.filter(
        (l) => l.status !== 'open' && l.updatedAt >= from && l.updatedAt < to,
      ).length,
      deadLettersOpenNow: openNow,
      alerts,
      slowestRuns: [...finished]
        .sort((a, b) => seconds(b) - seconds(a))
        .slice(0, 3)
        .map((run) => ({ id: run.id, startedAt: run.startedAt, seconds: seconds(run), status: run.status })),
    });
  }
  return {
    project: spec.project.name,
    owner: spec.project.owner,
    period: { from, to, label: period.label },
    generatedAt: now.toISOString(),
    flows,
    schedule: await nextReviewDue({ spec }, store, now),
    readiness:
      'Readiness findings are not stored between runs of syncline plan: run it now and compare with the last report kept with the project.',
  };
}
