import type { Health } from '../components/health';

/** Shapes of the API answers the flow pages read (docs/api.md). */

export interface RunRecord {
  readonly id: string;
  readonly flow: string;
  readonly trigger: string;
  readonly status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly read: number;
  readonly written: number;
  readonly deadLettered: number;
  readonly warnings: number;
  readonly error?: {
    readonly code: string;
    readonly stage?: string;
    readonly message: string;
    readonly hint?: string;
  };
}

export interface FlowOverview {
  readonly flow: string;
  readonly description?: string;
  readonly stage: string | null;
  readonly trigger: string;
  readonly enabled: boolean;
  readonly status: string;
  readonly lastRun: RunRecord | null;
  readonly errorRate: { readonly runs: number; readonly records: number };
  readonly recordsToday: number;
  readonly freshness: {
    readonly window: string | null;
    readonly lastSuccessAt: string | null;
    readonly isStale: boolean;
  };
  readonly deadLetterBacklog: number;
  readonly health: Health;
}

/** GET /api/flows/:flow — the overview plus the flow's spec (only the parts the page reads). */
export interface FlowDetail extends FlowOverview {
  readonly spec: { readonly compare?: unknown; readonly rollback?: string };
}

export interface SeriesPoint {
  readonly at: string;
  readonly runs: number;
  readonly failed: number;
  readonly read: number;
  readonly written: number;
  readonly rejected: number;
  readonly invalid: number;
  readonly deadLettered: number;
  readonly durationMsMax: number;
}

export interface DeadLetter {
  readonly id: string;
  readonly flow: string;
  readonly runId: string;
  readonly stage: string;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly key?: unknown;
  readonly payload?: unknown;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: 'open' | 'replayed' | 'discarded' | 'superseded';
  readonly resolution?: string;
  readonly resolvedBy?: string;
}
