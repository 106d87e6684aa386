import type { FastifyInstance } from 'fastify';
import { reviewStatus } from '../observe/review-status.js';
import type { ServerContext } from './server-context.js';

/** The health review schedule: when the next review is due, the last one written (docs/review.md). */
export function reviewRoutes(app: FastifyInstance, context: ServerContext): void {
  // The same function as `syncline status`.
  app.get('/api/review', { config: { role: 'viewer' } }, async () =>
    reviewStatus(context.project, context.store, context.clock()),
  );
}
