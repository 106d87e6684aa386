import type { Tone } from './plan-tone-badge';

/** An alert as GET /api/alerts lists it (AlertState with its runbook link). */
export interface AlertView {
  readonly id: string;
  readonly rule: string;
  readonly flow: string;
  readonly status: 'firing' | 'clear';
  readonly severity: 'critical' | 'warning' | 'info';
  readonly message: string;
  readonly since?: string;
  readonly notifiedAt?: string;
  readonly snoozedUntil?: string;
  readonly snoozedBy?: string;
  readonly updatedAt: string;
  readonly runbook: string;
}

/** One entry of the alert history (newest first). */
export interface AlertEventView {
  readonly seq: number;
  readonly alertId: string;
  readonly rule: string;
  readonly flow: string;
  readonly event: string;
  readonly severity: AlertView['severity'];
  readonly message: string;
  readonly channel?: string;
  readonly detail?: string;
  readonly at: string;
}

export interface AlertsAnswer {
  readonly alerts: readonly AlertView[];
  readonly events: readonly AlertEventView[];
}

const ruleNames: Readonly<Record<string, string>> = {
  'run-failed': 'Run failed',
  'error-rate': 'Error rate',
  volume: 'Unusual volume',
  silence: 'Silence',
  'dead-letter-backlog': 'Dead-letter backlog',
};

/** "Run failed" for run-failed; an unknown rule keeps its name. */
export function ruleName(rule: string): string {
  return ruleNames[rule] ?? rule;
}

export const severityTone: Record<AlertView['severity'], Tone> = {
  critical: 'red',
  warning: 'amber',
  info: 'grey',
};

/** Whether a snooze is in force now (an ended snooze stays in the state until the next one). */
export function isSnoozed(alert: AlertView, now: number): boolean {
  return alert.snoozedUntil !== undefined && Date.parse(alert.snoozedUntil) > now;
}
