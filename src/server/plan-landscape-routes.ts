import type { FastifyInstance } from 'fastify';
import { landscapeOf } from '../plan/landscape.js';
import type { ServerContext } from './server-context.js';

/**
 * GET /api/plan/landscape: the systems inventory (owner, kind, API, volume — never the
 * connection) and the flows between them, for the dashboard's landscape page beside the
 * diagram of GET /api/plan/diagram.svg.
 */
export function planLandscapeRoutes(app: FastifyInstance, context: ServerContext): void {
  const { spec } = context.project;

  app.get('/api/plan/landscape', { config: { role: 'viewer' } }, async () => ({
    systems: Object.entries(spec.systems).map(([name, system]) => ({
      name,
      kind: system.kind,
      connected: system.kind !== 'manual',
      ...(system.title === undefined ? {} : { title: system.title }),
      ...(system.owner === undefined ? {} : { owner: system.owner }),
      ...(system.api === undefined ? {} : { api: system.api }),
      ...(system.auth === undefined ? {} : { auth: { method: system.auth.method } }),
      ...(system.volume === undefined ? {} : { volume: system.volume }),
      ...(system.notes === undefined ? {} : { notes: system.notes }),
    })),
    flows: landscapeOf(spec).flows,
  }));
}
