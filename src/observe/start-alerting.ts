import type { Logger } from '../core/logger.js';
import type { Spec } from '../spec/schema.js';
import type { StateStore } from '../store/state-store.js';
import { type AlertChannel, createChannels } from './channels/create-channels.js';
import { type EvaluationReport, evaluateAlerts } from './evaluate-alerts.js';

export interface AlertingOptions {
  /** The loaded project: its spec, and the directory `${file:...}` secrets are relative to. */
  readonly project: { readonly spec: Spec; readonly baseDir: string };
  readonly store: StateStore;
  readonly clock?: (() => Date) | undefined;
  readonly logger: Logger;
  /** Environment for `${env:...}` secrets in channel settings (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Time between evaluations (default 1 minute); 0 evaluates only when asked. */
  readonly intervalMs?: number | undefined;
  /** Channels by name; default the ones under alerts:. */
  readonly channels?: ReadonlyMap<string, AlertChannel> | undefined;
  /** Waits between delivery retries (tests pass one that does not wait). */
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

export interface Alerting {
  /** Evaluates every rule now and sends what that calls for; shares a pass already under way. */
  evaluateNow(): Promise<EvaluationReport>;
  /** Stops the timer and waits for a pass under way to end. */
  stop(): Promise<void>;
}

/**
 * The alerting loop `syncline serve` starts (and `syncline alerts check` runs once): evaluates
 * on a timer; a failed pass is logged and the next one runs as planned.
 */
export function startAlerting(options: AlertingOptions): Alerting {
  const { project, store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const channels =
    options.channels ??
    createChannels(project.spec, { env: options.env ?? process.env, baseDir: project.baseDir });
  let running: Promise<EvaluationReport> | undefined;
  const evaluateNow = () => {
    running ??= evaluateAlerts({
      spec: project.spec,
      store,
      channels,
      now: clock(),
      logger,
      sleep: options.sleep,
    }).finally(() => {
      running = undefined;
    });
    return running;
  };
  const intervalMs = options.intervalMs ?? 60_000;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          evaluateNow().catch((error: unknown) =>
            logger.error('alert evaluation failed', { error: String(error) }),
          );
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    evaluateNow,
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
