import { hostname } from 'node:os';
import type { Ingress } from '../core/connector.js';
import type { Logger } from '../core/logger.js';
import type { Project } from '../engine/check-project.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { connectFlow } from '../engine/connect-flow.js';
import { runFlow } from '../engine/run-flow.js';
import { createSystemGuards, type SystemGuards } from '../engine/system-guards.js';
import type { RunRecord, RunTrigger, StateStore } from '../store/state-store.js';
import type { FlowMetrics } from './flow-metrics.js';
import type { ServerEvents } from './server-events.js';

export interface FlowRunnerOptions {
  readonly project: Pick<Project, 'flows' | 'baseDir'>;
  readonly store: StateStore;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  readonly metrics: FlowMetrics;
  readonly events: ServerEvents;
  readonly clock?: () => Date;
  /** How long a lease lasts without renewal (ms, default 60 s); renewed every third of it. */
  readonly leaseMs?: number;
  /** The server's listener for a flow's webhook source, when it has one. */
  readonly ingressFor?: ((flow: string) => Ingress | undefined) | undefined;
  /** Who holds leases taken by this runner (default host:pid:random). */
  readonly holder?: string;
}

/** Why a run did not start: another run of the flow holds it, here or in another process. */
export interface Busy {
  readonly busy: true;
  readonly holder: 'this-process' | 'another-process';
}

export interface FlowRunner {
  /** Runs the flow once, unless a run of it is going on here or elsewhere. */
  run(name: string, trigger: RunTrigger): Promise<RunRecord | Busy>;
  /** Runs `work` holding the flow's lease (replays, rollbacks): the same one-at-a-time rule. */
  withFlow<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | Busy>;
  /** The flows running now in this process. */
  active(): readonly string[];
  /**
   * Stops: runs now going end after their current batch (checkpointed); waits up to `graceMs`.
   * true when everything ended in time.
   */
  stop(graceMs: number): Promise<boolean>;
  readonly stopping: AbortSignal;
  /** The rate limits and circuit breakers the runs share, one per system (for /readyz). */
  readonly guards: SystemGuards;
}

/**
 * Every run `syncline serve` starts goes through here — scheduled, consumed, chained, or asked
 * for through the API — so the one-run-per-flow rule, metrics, events and logs hold for all.
 * The rule has two layers: a set of the flows running in this process, and a lease in the
 * store for other processes sharing it (decision 0030).
 */
export function createFlowRunner(options: FlowRunnerOptions): FlowRunner {
  const { project, store, logger, metrics, events } = options;
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 60_000;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const guards = createSystemGuards();
  const controller = new AbortController();
  const running = new Map<string, Promise<unknown>>();

  const leaseUntil = () => new Date(clock().getTime() + leaseMs).toISOString();

  async function withFlow<T>(name: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | Busy> {
    if (running.has(name)) return { busy: true, holder: 'this-process' };
    // Claim the flow here before the first await, so two ticks in this process cannot both pass.
    let release = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    running.set(name, done);
    try {
      if (!(await store.leases.acquire(name, holder, clock().toISOString(), leaseUntil()))) {
        return { busy: true, holder: 'another-process' };
      }
      const renew = setInterval(() => {
        store.leases.acquire(name, holder, clock().toISOString(), leaseUntil()).then(
          (kept) => {
            if (!kept) logger.warn('lease lost to another process', { flow: name });
          },
          (error: unknown) => logger.warn('lease renewal failed', { flow: name, error: String(error) }),
        );
      }, leaseMs / 3);
      try {
        return await work(controller.signal);
      } finally {
        clearInterval(renew);
        await store.leases.release(name, holder).catch(() => undefined);
      }
    } finally {
      running.delete(name);
      release();
    }
  }

  return {
    stopping: controller.signal,
    guards,
    withFlow,
    active: () => [...running.keys()],

    async run(name, trigger) {
      const flow = project.flows.get(name);
      if (!flow) throw new Error(`unknown flow ${name}`);
      const outcome = await withFlow(name, async (signal) => {
        events.publish({ type: 'run-started', flow: name, trigger });
        const run = await runFlow({
          flow,
          store,
          trigger,
          signal,
          clock,
          logger,
          guards,
          endpoints: connectFlow(flow, {
            baseDir: project.baseDir,
            env: options.env,
            ingress: options.ingressFor?.(name),
          }),
        });
        metrics.recordRun(run);
        events.publish({ type: 'run-finished', run });
        if (run.deadLettered > 0) events.publish({ type: 'dead-letters-changed', flow: name });
        return run;
      });
      if ('busy' in outcome) {
        const reason =
          outcome.holder === 'this-process'
            ? 'the previous run is still going'
            : 'another process is running it';
        logger.warn('run skipped', { flow: name, trigger, reason });
        events.publish({ type: 'run-skipped', flow: name, reason });
      }
      return outcome;
    },

    async stop(graceMs) {
      controller.abort(new Error('the server is stopping'));
      const pending = [...running.values()];
      if (pending.length === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      const ended = await Promise.race([Promise.all(pending).then(() => true), timeout]);
      clearTimeout(timer);
      return ended;
    },
  };
}

export function isBusy(value: unknown): value is Busy {
  return typeof value === 'object' && value !== null && (value as { busy?: unknown }).busy === true;
}

/** A compiled flow whose queue/webhook source stays open for at least `windowMs` when idle. */
export function withConsumeWindow(flow: CompiledFlow, windowMs: number): CompiledFlow {
  const options = flow.source.options as { idleMs?: number } | undefined;
  if (typeof options !== 'object' || options === null) return flow;
  const idleMs = Math.max(options.idleMs ?? 0, windowMs);
  return { ...flow, source: { ...flow.source, options: { ...options, idleMs } } };
}
