import type { FastifyInstance } from 'fastify';
import { IntegrationError } from '../core/integration-error.js';
import { queryNumber } from './query-number.js';
import { runRecordOutcomes } from './run-record-outcomes.js';
import { requireFlow, type ServerContext } from './server-context.js';

/** The dashboard's charts and drill-down: a flow's hourly volumes and errors, a run's records. */
export function seriesRoutes(app: FastifyInstance, context: ServerContext): void {
  const { store } = context;

  app.get<{ Params: { flow: string }; Querystring: { days?: string } }>(
    '/api/flows/:flow/series',
    { config: { role: 'viewer' } },
    async (request) => {
      const flow = requireFlow(context, request.params.flow);
      const days = queryNumber(request.query.days, 7, 1, 90);
      const since = new Date(context.clock().getTime() - days * 86_400_000).toISOString();
      return { flow: flow.name, bucket: 'hour', days, points: await store.runSeries(flow.name, since) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { limit?: string; offset?: string } }>(
    '/api/runs/:id/records',
    { config: { role: 'viewer' } },
    async (request) => {
      const run = await store.getRun(request.params.id);
      if (!run) {
        throw new IntegrationError(`there is no run ${request.params.id}`, {
          kind: 'config',
          code: 'run-not-found',
          hint: 'GET /api/flows/FLOW/runs lists the runs of a flow',
        });
      }
      return runRecordOutcomes(store, run.id, {
        limit: queryNumber(request.query.limit, 200, 1, 1000),
        offset: queryNumber(request.query.offset, 0, 0, Number.MAX_SAFE_INTEGER),
      });
    },
  );
}
