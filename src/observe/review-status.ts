import type { Spec } from '../spec/schema.js';
import type { ReviewRecord } from '../store/monitoring-store.js';
import type { StateStore } from '../store/state-store.js';
import { describeRhythm, nextReviewDue } from './review-schedule.js';

/** Where the health review schedule stands (`syncline status`, GET /api/review). */
export interface ReviewStatus {
  readonly schedule: {
    /** The rhythm in words: "monthly for 3 months after go-live, then quarterly". */
    readonly every: string;
    /** When the next review is due; absent before go-live. */
    readonly nextDue?: string | undefined;
    /** The first successful run of any flow; absent before it. */
    readonly goLive?: string | undefined;
  };
  /** The last review written. */
  readonly last?: ReviewRecord | undefined;
  /** The next review's date has passed and no review was written since. */
  readonly overdue: boolean;
}

/** The review schedule's state from the store: the one function the CLI and the API share. */
export async function reviewStatus(
  project: { readonly spec: Spec },
  store: StateStore,
  now: Date,
): Promise<ReviewStatus> {
  const due = await nextReviewDue(project, store, now);
  const [last] = due === undefined ? await store.monitoring.listReviews(1) : [due.lastReview];
  return {
    schedule: {
      every: describeRhythm(project.spec.project.review),
      ...(due === undefined ? {} : { nextDue: due.due, goLive: due.goLive }),
    },
    ...(last === undefined ? {} : { last }),
    overdue: due?.isOverdue ?? false,
  };
}
