import type { Spec } from '../spec/schema.js';
import type { ReviewRecord } from '../store/monitoring-store.js';
import type { StateStore } from '../store/state-store.js';

const rhythmMonths = { monthly: 1, quarterly: 3, 'half-yearly': 6, yearly: 12 } as const;

export interface ReviewDue {
  /** The first successful run of any flow: the go-live, as far as the store knows. */
  readonly goLive: string;
  readonly lastReview?: ReviewRecord | undefined;
  /** When the next health review is due. */
  readonly due: string;
  readonly isOverdue: boolean;
  /** "monthly for 3 months after go-live, then quarterly". */
  readonly rhythm: string;
}

/** `date` plus whole months, the day clamped to the month's end (Jan 31 + 1 month = Feb 28). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const last = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, last));
  return result;
}

/**
 * The review after `after` on the schedule of project.review (default: monthly for the first
 * 3 months after go-live, then quarterly): pure, for the dashboard and the tests.
 */
export function nextReviewDate(goLive: Date, review: Spec['project']['review'], after: Date): Date {
  const monthlyFor = review?.monthlyFor ?? 3;
  const step = rhythmMonths[review?.then ?? 'quarterly'];
  for (let k = 1; k <= monthlyFor; k++) {
    const due = addMonths(goLive, k);
    if (due > after) return due;
  }
  const elapsed =
    (after.getUTCFullYear() - goLive.getUTCFullYear()) * 12 + after.getUTCMonth() - goLive.getUTCMonth();
  for (
    let months = monthlyFor + step * Math.max(0, Math.floor((elapsed - monthlyFor) / step));
    ;
    months += step
  ) {
    const due = addMonths(goLive, months);
    if (due > after) return due;
  }
}

export function describeRhythm(review: Spec['project']['review']): string {
  return `monthly for ${review?.monthlyFor ?? 3} months after go-live, then ${review?.then ?? 'quarterly'}`;
}

/** The first successful run of any flow in the spec, or undefined before go-live. */
export async function findGoLive(spec: Spec, store: StateStore): Promise<string | undefined> {
  let first: string | undefined;
  for (const flow of Object.keys(spec.flows ?? {})) {
    // One indexed row per flow: the dashboard and `syncline status` ask on every view.
    const oldest = (await store.firstRun(flow, 'succeeded'))?.startedAt;
    if (oldest !== undefined && (first === undefined || oldest < first)) first = oldest;
  }
  return first;
}

/**
 * When the next health review is due: the first date on the schedule after the last review
 * written (or after go-live). Undefined before go-live: nothing runs, nothing to review.
 */
export async function nextReviewDue(
  project: { readonly spec: Spec },
  store: StateStore,
  now: Date = new Date(),
): Promise<ReviewDue | undefined> {
  const goLive = await findGoLive(project.spec, store);
  if (goLive === undefined) return undefined;
  const [lastReview] = await store.monitoring.listReviews(1);
  const review = project.spec.project.review;
  const due = nextReviewDate(new Date(goLive), review, new Date(lastReview?.writtenAt ?? goLive));
  return {
    goLive,
    lastReview,
    due: due.toISOString(),
    isOverdue: due <= now,
    rhythm: describeRhythm(review),
  };
}
