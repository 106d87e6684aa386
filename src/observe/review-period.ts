import { IntegrationError } from '../core/integration-error.js';

export interface ReviewPeriod {
  /** Inclusive. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  readonly label: string;
}

/**
 * `--period`: a month (2026-03), a quarter (2026-Q1), a year (2026), or the last N days (30d).
 * Without one, the period runs from the last review (or go-live) to now.
 */
export function parseReviewPeriod(text: string, now: Date): ReviewPeriod {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const [year, m] = [Number(month[1]), Number(month[2]) - 1];
    return { from: new Date(Date.UTC(year, m, 1)), to: new Date(Date.UTC(year, m + 1, 1)), label: text };
  }
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (quarter) {
    const [year, q] = [Number(quarter[1]), Number(quarter[2]) - 1];
    return {
      from: new Date(Date.UTC(year, q * 3, 1)),
      to: new Date(Date.UTC(year, q * 3 + 3, 1)),
      label: text.toUpperCase(),
    };
  }
  const year = /^(\d{4})$/.exec(text);
  if (year) {
    const y = Number(year[1]);
    return { from: new Date(Date.UTC(y, 0, 1)), to: new Date(Date.UTC(y + 1, 0, 1)), label: text };
  }
  const days = /^(\d+)d$/.exec(text);
  if (days && Number(days[1]) > 0) {
    return {
      from: new Date(now.getTime() - Number(days[1]) * 86_400_000),
      to: now,
      label: `last ${days[1]} days`,
    };
  }
  throw new IntegrationError(`--period "${text}" is not a period syncline knows`, {
    kind: 'config',
    code: 'bad-review-period',
    hint: 'Write a month (2026-03), a quarter (2026-Q1), a year (2026) or the last N days (30d).',
  });
}
