import type { FlowReview, ReviewModel } from './review-model.js';

/** The numbers of the health review as display text, shared by the Markdown and HTML reports. */

export const percent = (share: number | undefined) =>
  share === undefined ? '–' : `${(share * 100).toFixed(1)}%`;
export const day = (iso: string) => iso.slice(0, 10);
const range = (r: readonly [number, number] | undefined) =>
  r === undefined ? 'not stated' : `${r[0]}–${r[1]}`;

/** green / amber / red, with the reason a reader should look. */
export function flowVerdict(f: FlowReview): {
  readonly level: 'green' | 'amber' | 'red';
  readonly reason: string;
} {
  if (f.runs === 0) return { level: 'red', reason: 'no runs in the period' };
  if (f.successRate !== undefined && f.successRate < 0.9)
    return { level: 'red', reason: 'fewer than 90% of runs succeeded' };
  const outside =
    f.expectedPerDay !== undefined &&
    (f.readPerDay < f.expectedPerDay[0] || f.readPerDay > f.expectedPerDay[1]);
  if (outside) return { level: 'amber', reason: 'daily volume outside the expected range' };
  if (f.deadLettersOpenNow > 0)
    return { level: 'amber', reason: `${f.deadLettersOpenNow} dead letters still open` };
  if (Object.keys(f.alerts).length > 0) return { level: 'amber', reason: 'alerts fired in the period' };
  return { level: 'green', reason: 'healthy' };
}

export function flowRows(f: FlowReview): [string, string][] {
  const alerts = Object.entries(f.alerts)
    .map(([rule, n]) => `${rule} ×${n}`)
    .join(', ');
  return [
    ['Runs', `${f.runs} (${f.succeeded} succeeded, ${f.failed} failed)`],
    ['Success rate', percent(f.successRate)],
    ['Records', `${f.read} read, ${f.written} written, ${f.deadLettered} dead-lettered`],
    ['Volume per day', `${f.readPerDay} read; expected ${range(f.expectedPerDay)}`],
    [
      'Runs outside expected per-run volume',
      f.expectedPerRun ? `${f.runsOutsideExpected} (expected ${range(f.expectedPerRun)})` : 'not stated',
    ],
    [
      'Dead letters',
      `${f.deadLettersOpened} opened, ${f.deadLettersClosed} closed; ${f.deadLettersOpenNow} open now`,
    ],
    ['Alerts fired', alerts || 'none'],
    [
      'Slowest runs',
      f.slowestRuns
        .map((r) => `${r.id} ${r.seconds.toFixed(1)}s (${day(r.startedAt)}, ${r.status})`)
        .join('; ') || '–',
    ],
  ];
}

export function scheduleLine(model: ReviewModel): string {
  const s = model.schedule;
  if (s === undefined) return 'Not live yet: no flow has a successful run, so no review is scheduled.';
  return `Live since ${day(s.goLive)}; reviews ${s.rhythm}. Next review due ${day(s.due)}${s.isOverdue ? ' (overdue)' : ''}.`;
}
