import type { FastifyInstance } from 'fastify';
import { describeRhythm, nextReviewDue } from '../observe/review-schedule.js';
import type { ServerContext } from './server-context.js';

/** The health review schedule: when the next review is due, the last one written (docs/review.md). */
export function reviewRoutes(app: FastifyInstance, context: ServerContext): void {
  const { project, store } = context;

  app.get('/api/review', { config: { role: 'viewer' } }, async () => {
    // The same function as `syncline status` and `syncline review`.
    const due = await nextReviewDue(project, store, context.clock());
    const [last] = due === undefined ? await store.monitoring.listReviews(1) : [due.lastReview];
    return {
      schedule: {
        every: describeRhythm(project.spec.project.review),
        ...(due === undefined ? {} : { nextDue: due.due, goLive: due.goLive }),
      },
      ...(last === undefined ? {} : { last }),
      overdue: due?.isOverdue ?? false,
    };
  });
}
