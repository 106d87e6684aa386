import { compareDeclared } from '../compare/compare-declared.js';
import { toIntegrationError } from '../core/integration-error.js';
import type { Logger } from '../core/logger.js';
import type { Project } from '../engine/check-project.js';
import type { CompareRecord } from '../store/cutover-store.js';
import type { StateStore } from '../store/state-store.js';
import { compareHeadline } from './compare-headline.js';
import type { FlowMetrics } from './flow-metrics.js';
import { type Busy, type FlowRunner, isBusy } from './flow-runner.js';
import type { ServerEvents } from './server-events.js';

export interface ShadowCompareOptions {
  readonly project: Pick<Project, 'flows' | 'baseDir' | 'spec'>;
  readonly store: StateStore;
  readonly runner: FlowRunner;
  readonly metrics: FlowMetrics;
  readonly events: ServerEvents;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly clock?: (() => Date) | undefined;
}

/** Runs one shadow compare of a flow; undefined when it failed (logged, and sent as an event). */
export type ShadowCompare = (flow: string) => Promise<CompareRecord | Busy | undefined>;

/**
 * The shadow mode of a parallel flow under `syncline serve` (decision 0038): on the flow's
 * trigger, the same compare as `syncline compare FLOW` (the spec's `compare:` block), stored
 * for the cut-over gate, its report in .syncline/compare/FLOW/. Nothing is written to the
 * flow's target. It holds the flow's lease like a run, so it never overlaps a run of the flow.
 */
export function createShadowCompare(options: ShadowCompareOptions): ShadowCompare {
  const { project, store, runner, metrics, events, logger } = options;
  const clock = options.clock ?? (() => new Date());
  return async (name) => {
    const flow = project.flows.get(name);
    if (!flow) throw new Error(`unknown flow ${name}`);
    try {
      const outcome = await runner.withFlow(name, async (signal) =>
        compareDeclared({
          flow,
          spec: project.spec,
          store,
          context: { baseDir: project.baseDir, env: options.env },
          now: clock,
          signal,
        }),
      );
      if (isBusy(outcome)) {
        logger.warn('shadow compare skipped', { flow: name, reason: 'the flow is busy' });
        return outcome;
      }
      const { record } = outcome;
      metrics.recordCompare(record);
      logger.info('shadow compare finished', {
        flow: name,
        compare: record.id,
        clean: record.clean,
        differing: record.differing,
        missing: record.missing,
        extra: record.extra,
      });
      events.publish({ type: 'compare-finished', flow: name, compare: compareHeadline(record) });
      return record;
    } catch (thrown) {
      const error = toIntegrationError(thrown, { kind: 'fatal', code: 'compare-failed' });
      metrics.recordCompareFailure(name);
      logger.error('shadow compare failed', { flow: name, code: error.code, error: error.message });
      events.publish({
        type: 'compare-failed',
        flow: name,
        error: { code: error.code, message: error.message },
      });
      return undefined;
    }
  };
}
