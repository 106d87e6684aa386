import type { CompareRecord } from '../store/cutover-store.js';

/** A compare as the dashboard lists it: `gate` is pass for a clean compare. */
export function compareHeadline(record: CompareRecord): CompareHeadline {
  return {
    id: record.id,
    at: record.startedAt,
    finishedAt: record.finishedAt,
    gate: record.clean ? ('pass' as const) : ('fail' as const),
    baseline: record.baseline,
    matched: record.matched,
    differing: record.differing,
    missing: record.missing,
    extra: record.extra,
    rejected: record.rejected,
  };
}

export interface CompareHeadline {
  readonly id: string;
  /** When the compare started. */
  readonly at: string;
  readonly finishedAt: string;
  readonly gate: 'pass' | 'fail';
  readonly baseline: string;
  readonly matched: number;
  readonly differing: number;
  readonly missing: number;
  readonly extra: number;
  readonly rejected: number;
}
