import type { FastifyInstance } from 'fastify';
import type { ServerContext } from './server-context.js';

/** /healthz (the process answers), /readyz (store open, no circuit open), /metrics (Prometheus). */
export function healthRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store, runner, metrics } = context;
  app.get('/healthz', { config: { role: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { role: 'public' } }, async (_request, reply) => {
    let storeState: string = 'ok';
    try {
      await store.listRuns({ limit: 1 });
    } catch (error) {
      storeState = error instanceof Error ? error.message : String(error);
    }
    const systems: Record<string, string> = {};
    for (const flow of project.flows.values()) {
      for (const side of [flow.source, flow.target]) {
        systems[side.system] = runner.guards(side.system, side.limits).breaker?.state() ?? 'closed';
      }
    }
    const isReady =
      storeState === 'ok' && !runner.stopping.aborted && !Object.values(systems).includes('open');
    return reply.code(isReady ? 200 : 503).send({
      status: isReady ? 'ready' : 'not ready',
      store: storeState,
      stopping: runner.stopping.aborted,
      systems,
    });
  });

  app.get('/metrics', { config: { role: 'public' } }, async (_request, reply) =>
    reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(await metrics.render(store, [...project.flows.keys()])),
  );
}
