/**
 * What alerting and the health review keep between evaluations (docs/alerts.md, docs/review.md):
 * the state of every alert (firing or clear, when it last notified, snoozes), the history of
 * what happened to it, and the reviews written. Times are ISO-8601 strings from the caller.
 */

export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface AlertState {
  /** Stable identity: `rule:flow`. */
  readonly id: string;
  readonly rule: string;
  readonly flow: string;
  readonly status: 'firing' | 'clear';
  readonly severity: AlertSeverity;
  readonly message: string;
  /** When it started firing (the current episode), if it is firing. */
  readonly since?: string | undefined;
  /** When a channel last accepted a notification of this episode. */
  readonly notifiedAt?: string | undefined;
  readonly snoozedUntil?: string | undefined;
  readonly snoozedBy?: string | undefined;
  readonly updatedAt: string;
}

export type AlertEventKind =
  | 'fired'
  | 'repeated'
  | 'resolved'
  | 'snoozed'
  | 'unsnoozed'
  | 'suppressed'
  | 'delivery-failed';

export interface NewAlertEvent {
  readonly alertId: string;
  readonly rule: string;
  readonly flow: string;
  readonly event: AlertEventKind;
  readonly severity: AlertSeverity;
  readonly message: string;
  /** The channel, for deliveries and their failures. */
  readonly channel?: string | undefined;
  /** Who did it (snooze), or why a delivery failed. */
  readonly detail?: string | undefined;
  readonly at: string;
}

export interface AlertEvent extends NewAlertEvent {
  readonly seq: number;
}

export interface AlertEventFilter {
  readonly flow?: string | undefined;
  readonly rule?: string | undefined;
  /** At or after this time. */
  readonly since?: string | undefined;
  /** Before this time. */
  readonly until?: string | undefined;
  /** Newest first, at most this many. */
  readonly limit?: number | undefined;
}

export interface ReviewRecord {
  readonly from: string;
  readonly to: string;
  readonly writtenAt: string;
  /** The report files written. */
  readonly files: readonly string[];
}

export interface MonitoringStore {
  listAlerts(): Promise<readonly AlertState[]>;
  getAlert(id: string): Promise<AlertState | undefined>;
  /** Saves the alert's state and appends the events in one transaction. */
  saveAlert(state: AlertState, events: readonly NewAlertEvent[]): Promise<void>;
  appendAlertEvents(events: readonly NewAlertEvent[]): Promise<void>;
  /** Newest first. */
  listAlertEvents(filter?: AlertEventFilter): Promise<readonly AlertEvent[]>;
  recordReview(review: ReviewRecord): Promise<void>;
  /** Newest first. */
  listReviews(limit?: number): Promise<readonly ReviewRecord[]>;
}
