import type { AlertState } from '../store/monitoring-store.js';
import type { Finding } from './evaluate-rules.js';

export type NotificationKind = 'fired' | 'repeated' | 'resolved';

export interface AlertDecision {
  /** The state to store once the notification, if any, has been attempted. */
  readonly state: AlertState;
  /** What to tell the channels, if anything. */
  readonly notify?: NotificationKind | undefined;
  /** A firing alert that a snooze keeps quiet: recorded, not sent. */
  readonly suppressed?: boolean | undefined;
}

/**
 * One alert's next state (docs/decisions/0035). A firing alert notifies once; it notifies again
 * only after `repeatMs` while it keeps firing; it sends a resolve message when it clears, but
 * only if someone was told it fired. A snooze silences all three until it ends; an alert still
 * firing then notifies as if new (when nobody was told) or as a repeat. An alert whose
 * notification reached no channel has no `notifiedAt`, so the next evaluation tries again.
 * Returns undefined when nothing changes.
 */
export function decideAlert(
  id: string,
  previous: AlertState | undefined,
  finding: Finding | undefined,
  now: Date,
  repeatMs: number,
): AlertDecision | undefined {
  const at = now.toISOString();
  const isSnoozed = previous?.snoozedUntil !== undefined && Date.parse(previous.snoozedUntil) > now.getTime();
  const snooze = isSnoozed
    ? { snoozedUntil: previous?.snoozedUntil, snoozedBy: previous?.snoozedBy }
    : { snoozedUntil: undefined, snoozedBy: undefined };
  const isFiring = previous?.status === 'firing';
  if (finding === undefined) {
    if (!isFiring || previous === undefined) return undefined;
    const state: AlertState = { ...previous, ...snooze, status: 'clear', since: undefined, updatedAt: at };
    const wasTold = previous.notifiedAt !== undefined;
    return {
      state: { ...state, notifiedAt: undefined },
      notify: wasTold && !isSnoozed ? 'resolved' : undefined,
    };
  }
  const state: AlertState = {
    id,
    rule: finding.rule,
    flow: finding.flow,
    status: 'firing',
    severity: finding.severity,
    message: finding.message,
    since: isFiring ? previous?.since : at,
    notifiedAt: isFiring ? previous?.notifiedAt : undefined,
    ...snooze,
    updatedAt: at,
  };
  if (isSnoozed) return { state, suppressed: !isFiring };
  if (state.notifiedAt === undefined) return { state, notify: 'fired' };
  if (now.getTime() - Date.parse(state.notifiedAt) >= repeatMs) return { state, notify: 'repeated' };
  // Still firing, already told, not yet time to repeat: keep the newest message, tell no one.
  return previous?.message === finding.message ? undefined : { state };
}
