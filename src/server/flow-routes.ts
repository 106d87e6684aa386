import type { FastifyInstance } from 'fastify';
import { IntegrationError } from '../core/integration-error.js';
import { mappingSheetXlsx } from '../engine/mapping-sheet-xlsx.js';
import { fieldsToSheet } from '../spec/mapping-sheet/fields-to-sheet.js';
import { formatSpecProblem, type SpecProblem } from '../spec/spec-problem.js';
import { flowOverview } from './flow-overview.js';
import { isBusy } from './flow-runner.js';
import { flowRunbook } from './project-runbook.js';
import { actorOf, busyError, requireFlow, type ServerContext } from './server-context.js';

type FlowParams = { Params: { flow: string } };

/** The flows: overview, one flow, its runs, run now, its mapping sheet (XLSX and JSON), its runbook. */
export function flowRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store, runner } = context;
  const overviewOf = (name: string) =>
    flowOverview(requireFlow(context, name), {
      store,
      now: context.clock(),
      running: runner.active(),
      stageOf: context.stageOf,
    });

  app.get('/api/flows', { config: { role: 'viewer' } }, async () => ({
    flows: await Promise.all([...project.flows.keys()].map(overviewOf)),
  }));

  app.get<FlowParams>('/api/flows/:flow', { config: { role: 'viewer' } }, async (request) => {
    const flow = requireFlow(context, request.params.flow);
    return { ...(await overviewOf(flow.name)), spec: flow.spec };
  });

  app.get<FlowParams & { Querystring: { limit?: string } }>(
    '/api/flows/:flow/runs',
    { config: { role: 'viewer' } },
    async (request) => {
      const flow = requireFlow(context, request.params.flow);
      const limit = Math.min(Math.max(Number(request.query.limit ?? 50) || 50, 1), 1000);
      return { runs: await store.listRuns({ flow: flow.name, limit }) };
    },
  );

  app.post<FlowParams>(
    '/api/flows/:flow/run',
    { config: { role: 'operator', audit: false } },
    async (request, reply) => {
      const flow = requireFlow(context, request.params.flow);
      if (runner.active().includes(flow.name)) throw busyError(flow.name);
      await context.audit({
        at: context.clock().toISOString(),
        action: 'run',
        actor: actorOf(request),
        flow: flow.name,
      });
      // The run goes on after the answer; its start and end come as events (/api/events).
      runner.run(flow.name, 'manual').then(
        (outcome) => {
          if (isBusy(outcome)) request.log.warn({ flow: flow.name }, 'run asked for, but the flow was busy');
        },
        (error: unknown) =>
          request.log.error({ flow: flow.name, error: String(error) }, 'run failed to start'),
      );
      return reply.code(202).send({ flow: flow.name, accepted: true });
    },
  );

  app.get<FlowParams>(
    '/api/flows/:flow/mapping.xlsx',
    { config: { role: 'viewer' } },
    async (request, reply) => {
      const flow = requireFlow(context, request.params.flow);
      const sheet = await mappingSheetXlsx(flow.name, flow.spec, project.locate);
      if (!sheet.ok) throw mappingSheetFailed(sheet.problems);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${flow.name}.xlsx"`)
        .send(Buffer.from(sheet.data));
    },
  );

  app.get<FlowParams & { Querystring: { format?: string } }>(
    '/api/flows/:flow/runbook',
    { config: { role: 'viewer' } },
    async (request, reply) => {
      const flow = requireFlow(context, request.params.flow);
      const format = request.query.format === 'html' ? 'html' : 'md';
      // The team's notes in runbooks/FLOW.md (written by syncline runbook) are kept.
      const page = await flowRunbook(project.spec, project.baseDir, flow.name, format);
      return reply
        .type(format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8')
        .send(page);
    },
  );

  app.get<FlowParams>('/api/flows/:flow/mapping', { config: { role: 'viewer' } }, async (request) => {
    const flow = requireFlow(context, request.params.flow);
    const sheet = fieldsToSheet({ name: flow.name, ...flow.spec }, project.locate);
    if (!sheet.ok) throw mappingSheetFailed(sheet.problems);
    const { header, rows } = sheet.sheet;
    return {
      flow: flow.name,
      columns: header,
      rows: rows.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i] ?? '']))),
    };
  });
}

function mappingSheetFailed(problems: readonly SpecProblem[]): IntegrationError {
  return new IntegrationError(problems.map(formatSpecProblem).join('\n'), {
    kind: 'config',
    code: 'mapping-sheet-failed',
    hint: "fix the flow's fields in the spec (syncline validate)",
  });
}
