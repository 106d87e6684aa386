import type { FastifyInstance } from 'fastify';
import type { AuditEntry } from '../store/access-store.js';
import { queryNumber } from './query-number.js';
import type { ServerContext } from './server-context.js';

/** The audit log, newest first, paged back with `before` (a seq, or a time). */
export function auditRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get<{ Querystring: { limit?: string; before?: string } }>(
    '/api/audit',
    { config: { role: 'viewer' } },
    async (request) => {
      const { before } = request.query;
      const entries = await context.store.access.listAudit({
        limit: queryNumber(request.query.limit, 100, 1, 1000),
        newestFirst: true,
        ...(before === undefined || before === ''
          ? {}
          : { before: /^\d+$/.test(before) ? { seq: Number(before) } : { at: before } }),
      });
      return { entries: entries.map(auditView) };
    },
  );
}

/**
 * An entry as the dashboard shows it: the API's entries keep the flow in their target
 * (`flow=NAME ID`, see storeAuditLog); it is split out again here.
 */
function auditView(entry: AuditEntry) {
  const match = /^flow=(\S+)(?: (.*))?$/.exec(entry.target ?? '');
  const flow = match?.[1];
  const target = match ? match[2] : entry.target;
  return {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    outcome: entry.outcome,
    ...(flow === undefined ? {} : { flow }),
    ...(target === undefined || target === '' ? {} : { target }),
    ...(entry.detail === undefined || entry.detail === null ? {} : { detail: entry.detail }),
  };
}
