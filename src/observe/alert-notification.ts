import type { AlertSeverity } from '../store/monitoring-store.js';
import type { NotificationKind } from './decide-alert.js';

/** What a channel is told about one alert; the same facts in every channel's format. */
export interface AlertNotification {
  readonly kind: NotificationKind;
  readonly project: string;
  /** Stable identity: `rule:flow`. */
  readonly alert: string;
  readonly rule: string;
  readonly flow: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  /** When the alert started firing. */
  readonly since?: string | undefined;
  readonly at: string;
  /** The runbook section for this kind of alert. */
  readonly runbook: string;
}

const ruleTitles: Readonly<Record<string, string>> = {
  'run-failed': 'run failed',
  'error-rate': 'error rate',
  volume: 'unusual volume',
  silence: 'silence',
  'dead-letter-backlog': 'dead-letter backlog growing',
};

/** "FIRING critical: silence on customers-to-erp" / "RESOLVED: silence on customers-to-erp". */
export function notificationTitle(n: AlertNotification): string {
  const what = `${ruleTitles[n.rule] ?? n.rule} on ${n.flow}`;
  if (n.kind === 'resolved') return `RESOLVED: ${what}`;
  return `${n.kind === 'repeated' ? 'STILL FIRING' : 'FIRING'} ${n.severity}: ${what}`;
}

/** Plain-text body for email and logs. */
export function notificationText(n: AlertNotification): string {
  return [
    `${notificationTitle(n)} (${n.project})`,
    '',
    n.kind === 'resolved' ? `Cleared at ${n.at}. It was: ${n.message}` : n.message,
    ...(n.since && n.kind !== 'resolved' ? [`Firing since ${n.since}.`] : []),
    '',
    `Runbook: ${n.runbook}`,
    `Alert: ${n.alert}. Snooze it with: syncline alerts snooze ${n.rule} --flow ${n.flow} --for 2h`,
  ].join('\n');
}
