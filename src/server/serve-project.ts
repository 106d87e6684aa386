import type { Project } from '../engine/check-project.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { startAlerting } from '../observe/start-alerting.js';
import type { StateStore } from '../store/state-store.js';
import { type BuildServerOptions, buildServer, type SynclineServer } from './build-server.js';
import { withConsumeWindow } from './flow-runner.js';
import { flowsToServe, flowsToShadow } from './flows-to-serve.js';
import { serveFlows } from './serve-flows.js';
import { engineLogger } from './server-logger.js';
import { createShadowCompare } from './shadow-compare.js';

export interface ServeProjectOptions extends Omit<BuildServerOptions, 'project' | 'store'> {
  readonly project: Project;
  readonly store: StateStore;
  readonly port: number;
  readonly host: string;
  /**
   * A queue or webhook consumer's run stays open this long without a message (ms, default
   * 60 s) before the next run takes over; a longer `idleMs` in the spec wins (decision 0031).
   */
  readonly consumeWindowMs?: number;
  /** Which flows with a trigger are served (default all): the seam for rollout stages. */
  readonly admit?: (flow: CompiledFlow) => boolean;
  /**
   * Which flows are compared on their triggers instead of run (parallel flows in shadow mode,
   * decision 0038; default none). A flow both admits and shadows is run.
   */
  readonly shadow?: (flow: CompiledFlow) => boolean;
  /** Pause before a consumer tries again after a failed run (ms, default 5 s). */
  readonly retryMs?: number;
  /** Evaluate alert rules on a timer and notify the channels (default true; docs/alerts.md). */
  readonly alerting?: boolean;
}

export interface ServingProject extends SynclineServer {
  /** http://host:port */
  readonly url: string;
  /**
   * Graceful stop: no new runs; runs going end after their current batch, checkpointed; waits
   * up to `graceMs`, then closes the listener. true when every run ended in time.
   */
  close(graceMs: number): Promise<boolean>;
}

/** `syncline serve`: the HTTP server listening, and the served flows running on their triggers. */
export async function serveProject(options: ServeProjectOptions): Promise<ServingProject> {
  const windowMs = options.consumeWindowMs ?? 60_000;
  const running = flowsToServe(options.project, options.admit);
  const shadow = options.shadow;
  const served = [
    ...running,
    ...(shadow === undefined
      ? []
      : flowsToShadow(options.project, (flow) => shadow(flow) && !running.some((r) => r.name === flow.name))),
  ];
  const consumers = new Set(served.filter((s) => s.start.kind === 'consume').map((s) => s.name));
  const flows = new Map(
    [...options.project.flows].map(([name, flow]) => [
      name,
      consumers.has(name) ? withConsumeWindow(flow, windowMs) : flow,
    ]),
  );
  const project: Project = { ...options.project, flows };
  const server = await buildServer({ ...options, project, servedFlows: served.map((s) => s.name) });
  const url = await server.app.listen({ port: options.port, host: options.host });
  const serving = serveFlows({
    flows: served.map((s) => ({ ...s, flow: flows.get(s.name) ?? s.flow })),
    runner: server.runner,
    logger: engineLogger(server.log),
    retryMs: options.retryMs,
    compare: createShadowCompare({
      project,
      store: options.store,
      runner: server.runner,
      metrics: server.metrics,
      events: server.events,
      env: options.env ?? process.env,
      logger: engineLogger(server.log),
      clock: options.clock,
    }),
  });
  const alerting =
    options.alerting === false
      ? undefined
      : startAlerting({
          project: options.project,
          store: options.store,
          clock: options.clock,
          env: options.env,
          logger: engineLogger(server.log),
        });
  server.log.info({ url }, 'syncline serve is listening');
  return {
    ...server,
    url,
    async close(graceMs) {
      serving.stop();
      await alerting?.stop();
      const active = server.runner.active();
      if (active.length > 0)
        server.log.info({ flows: active, graceMs }, 'stopping: letting running batches finish');
      const isClean = await server.runner.stop(graceMs);
      if (!isClean) server.log.warn({ flows: server.runner.active() }, 'stopping: runs did not end in time');
      await server.app.close();
      return isClean;
    },
  };
}
