import type { FastifyInstance } from 'fastify';
import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { connectFlow } from '../engine/connect-flow.js';
import { rollbackRun } from '../engine/rollback-run.js';
import { isBusy } from './flow-runner.js';
import { actorOf, busyError, type ServerContext } from './server-context.js';

type RunParams = { Params: { id: string } };

/** One run, and undoing it: a preview first, the rollback itself only with `confirm: true`. */
export function runRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store, runner } = context;

  app.get<RunParams>('/api/runs/:id', { config: { role: 'viewer' } }, async (request) => {
    const run = await store.getRun(request.params.id);
    if (!run) throw runNotFound(request.params.id);
    return { run };
  });

  app.post<RunParams & { Body: { confirm?: boolean; force?: boolean } | undefined }>(
    '/api/runs/:id/rollback',
    { config: { role: 'admin', audit: false } },
    async (request) => {
      const of = await store.getRun(request.params.id);
      if (!of) throw runNotFound(request.params.id);
      const confirm = request.body?.confirm === true;
      const force = request.body?.force === true;
      const connect = (flow: CompiledFlow) =>
        connectFlow(flow, { baseDir: project.baseDir, env: context.env });
      const rollback = () =>
        rollbackRun({ runId: of.id, flows: project.flows, connect, store, force, dryRun: !confirm });
      if (!confirm) return { preview: true, report: await rollback() };
      const report = await runner.withFlow(of.flow, rollback);
      if (isBusy(report)) throw busyError(of.flow);
      if (report.run) {
        context.metrics.recordRun(report.run);
        context.events.publish({ type: 'run-finished', run: report.run });
      }
      await context.audit({
        at: context.clock().toISOString(),
        action: 'rollback',
        actor: actorOf(request),
        flow: of.flow,
        target: of.id,
        detail: { force, records: report.records, refused: report.refused, run: report.run?.id },
      });
      return { preview: false, report };
    },
  );
}

function runNotFound(id: string): IntegrationError {
  return new IntegrationError(`there is no run ${id}`, {
    kind: 'config',
    code: 'run-not-found',
    hint: 'GET /api/flows/FLOW/runs lists the runs of a flow',
  });
}
