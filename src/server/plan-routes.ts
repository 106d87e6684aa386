import type { FastifyInstance } from 'fastify';
import { checkPlan } from '../plan/check-plan.js';
import { landscapeOf } from '../plan/landscape.js';
import { ownershipMatrix } from '../plan/ownership-matrix.js';
import { gatherEvidence } from '../plan/plan-evidence.js';
import { renderSvg } from '../plan/render-svg.js';
import { projectRunbook } from './project-runbook.js';
import type { ServerContext } from './server-context.js';

/** The plan views: readiness by step with its findings, the landscape diagram, field ownership, the runbook. */
export function planRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store } = context;

  app.get('/api/plan', { config: { role: 'viewer' } }, async () => {
    const evidence = await gatherEvidence({
      baseDir: project.baseDir,
      flows: [...project.flows.keys()],
      // The server's store stays open: the evidence reader gets it with a close that does nothing.
      openStore: async () => ({ ...store, close: async () => {} }),
    });
    const plan = checkPlan({ spec: project.spec, evidence }, project.locate);
    return { project: project.spec.project, ...plan };
  });

  app.get('/api/plan/diagram.svg', { config: { role: 'viewer' } }, async (_request, reply) =>
    reply
      .type('image/svg+xml; charset=utf-8')
      .send(renderSvg(landscapeOf(project.spec), `${project.spec.project.name}: systems and flows`)),
  );

  app.get('/api/plan/ownership', { config: { role: 'viewer' } }, async () => ownershipMatrix(project.spec));

  app.get('/api/runbook', { config: { role: 'viewer' } }, async () =>
    projectRunbook(project.spec, project.baseDir),
  );
}
