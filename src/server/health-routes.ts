import type { FastifyInstance } from 'fastify';
import type { SystemCheck } from './check-systems.js';
import type { ServerContext } from './server-context.js';

/**
 * /healthz (the process answers: nothing else is asked), /readyz (the store answers, every
 * system of the served flows answers, no circuit open), /metrics (Prometheus).
 */
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
    // Every system of the served flows is contacted (cached 10 s); the breakers say what runs saw.
    const checks = await context.checkSystems();
    const systems: Record<string, SystemCheck & { circuit: string }> = {};
    for (const flow of project.flows.values()) {
      for (const side of [flow.source, flow.target]) {
        const check = checks[side.system];
        if (check === undefined) continue;
        const circuit = runner.guards(side.system, side.limits).breaker?.state() ?? 'closed';
        systems[side.system] = { ...check, circuit };
      }
    }
    const reasons = [
      ...(storeState === 'ok' ? [] : [`the state store does not answer: ${storeState}`]),
      ...(runner.stopping.aborted ? ['the server is stopping'] : []),
      ...Object.entries(systems).flatMap(([name, system]) => [
        ...(system.status === 'unreachable' ? [`system ${name} is unreachable: ${system.error}`] : []),
        ...(system.circuit === 'open'
          ? [`system ${name}: its circuit breaker is open after repeated failures`]
          : []),
      ]),
    ];
    return reply.code(reasons.length === 0 ? 200 : 503).send({
      status: reasons.length === 0 ? 'ready' : 'not ready',
      store: storeState,
      stopping: runner.stopping.aborted,
      systems,
      ...(reasons.length === 0 ? {} : { reasons }),
    });
  });

  app.get('/metrics', { config: { role: 'public' } }, async (_request, reply) =>
    reply
      .type('text/plain; version=0.0.4; charset=utf-8')
      .send(await metrics.render(store, [...project.flows.keys()])),
  );
}
