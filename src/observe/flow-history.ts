import type { RunRecord, StateStore } from '../store/state-store.js';
import type { AlertSettings } from './alert-settings.js';

/** What the rules of one flow look at: its recent runs and its dead-letter backlog. */
export interface FlowHistory {
  readonly flow: string;
  /** Newest first, covering at least the volume baseline's weeks. */
  readonly runs: readonly RunRecord[];
  readonly openDeadLetters: number;
  /** Open dead letters created before the backlog window began. */
  readonly openDeadLettersBefore: number;
}

/** Runs kept for evaluation: a flow running every minute for the baseline's weeks stays inside. */
const runLimit = 50_000;

export async function readFlowHistory(
  store: StateStore,
  settings: AlertSettings,
  now: Date,
): Promise<FlowHistory> {
  const { flow } = settings;
  const windowStart = new Date(now.getTime() - settings.deadLetterBacklog.windowMs).toISOString();
  const [runs, openDeadLetters, openDeadLettersBefore] = await Promise.all([
    store.listRuns({ flow, limit: runLimit }),
    store.countDeadLetters({ flow, status: 'open' }),
    store.countDeadLetters({ flow, status: 'open', before: windowStart }),
  ]);
  return { flow, runs, openDeadLetters, openDeadLettersBefore };
}
