import { Cron } from 'croner';
import type { Logger } from '../core/logger.js';
import type { FlowRunner } from './flow-runner.js';
import { isBusy } from './flow-runner.js';
import type { ServedFlow } from './flows-to-serve.js';

export interface ServeFlowsOptions {
  readonly flows: readonly ServedFlow[];
  readonly runner: FlowRunner;
  readonly logger: Logger;
  /** Pause before a consumer starts its next run after a failure or a busy flow (ms, default 5 s). */
  readonly retryMs?: number | undefined;
  /** The shadow compare of a parallel flow (flows with mode shadow); see shadow-compare.ts. */
  readonly compare?: ((name: string) => Promise<unknown>) | undefined;
}

export interface ServingFlows {
  /** Stops starting runs (the runner's stop() ends those going). */
  stop(): void;
}

/**
 * Starts the runs of the served flows: a croner job per schedule (in its time zone), one loop
 * per queue or webhook consumer, and `after:` chains on each successful run of the upstream.
 * Overlapping ticks are the runner's to refuse (one run per flow); they are logged, not queued,
 * so a slow flow does not build up a backlog of runs.
 */
export function serveFlows(options: ServeFlowsOptions): ServingFlows {
  const { flows, runner, logger } = options;
  const retryMs = options.retryMs ?? 5000;
  const jobs: Cron[] = [];
  let stopped = false;

  const downstream = (upstream: string) =>
    flows.filter((served) => served.start.kind === 'after' && served.start.upstream === upstream);

  const shadows = new Set(flows.filter((served) => served.mode === 'shadow').map((served) => served.name));

  async function runChain(name: string, trigger: 'schedule' | 'queue' | 'webhook'): Promise<boolean> {
    // A shadow compare writes nothing, so nothing chained after the flow has new data to move.
    if (shadows.has(name)) {
      await options.compare?.(name);
      return false;
    }
    const outcome = await runner.run(name, trigger);
    if (isBusy(outcome) || outcome.status !== 'succeeded') return false;
    for (const next of downstream(name)) {
      if (stopped) break;
      await runChain(next.name, 'schedule');
    }
    return true;
  }

  function report(name: string) {
    return (error: unknown) =>
      logger.error('run could not start', {
        flow: name,
        error: error instanceof Error ? error.message : String(error),
      });
  }

  for (const served of flows) {
    const { start, name } = served;
    if (start.kind === 'schedule') {
      jobs.push(
        new Cron(start.cron, { timezone: start.timezone, name }, () => {
          if (!stopped) runChain(name, 'schedule').catch(report(name));
        }),
      );
    } else if (start.kind === 'consume') {
      const trigger = served.flow.source.connector.kind === 'webhook' ? 'webhook' : 'queue';
      (async () => {
        while (!stopped && !runner.stopping.aborted) {
          const ok = await runChain(name, trigger).catch((error: unknown) => {
            report(name)(error);
            return false;
          });
          if (!ok && !stopped) await pause(retryMs, runner.stopping);
        }
      })().catch(report(name));
    }
  }
  logger.info('serving flows', {
    flows: flows.map((served) => ({ flow: served.name, mode: served.mode ?? 'run', ...served.start })),
  });

  return {
    stop() {
      stopped = true;
      for (const job of jobs) job.stop();
    },
  };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
