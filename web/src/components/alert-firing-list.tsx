import { Link } from 'wouter';
import { localTime, withLocalTimes } from './alert-local-times';
import { type AlertView, isSnoozed, ruleName, severityTone } from './alert-types';
import { AlertUnsnoozeButton } from './alert-unsnooze-button';
import { ToneBadge } from './plan-tone-badge';
import { runbookAnchor } from './plan-types';
import { When } from './when';

/** The firing alerts as cards: what, which flow, how bad, since when, what to do, snooze state. */
export function AlertFiringList({
  alerts,
  now,
  canSnooze,
  onSnooze,
  onUnsnoozed,
}: {
  readonly alerts: readonly AlertView[];
  readonly now: number;
  readonly canSnooze: boolean;
  readonly onSnooze: (alert: AlertView) => void;
  readonly onUnsnoozed: (alert: AlertView) => void;
}) {
  return (
    <ul className="alert-firing">
      {alerts.map((alert) => {
        const snoozed = isSnoozed(alert, now);
        return (
          <li
            key={alert.id}
            className={`card alert-card ${snoozed ? 'alert-snoozed' : `alert-${alert.severity}`}`}
            aria-labelledby={`alert-${alert.id}`}
          >
            <div className="alert-card-head">
              <h3 id={`alert-${alert.id}`}>
                {ruleName(alert.rule)}{' '}
                <span className="alert-flow">
                  on <Link href={`~/flows/${encodeURIComponent(alert.flow)}`}>{alert.flow}</Link>
                </span>
              </h3>
              <ToneBadge tone={severityTone[alert.severity]} label={alert.severity} />
              {snoozed ? <ToneBadge tone="grey" label="snoozed" /> : <ToneBadge tone="red" label="firing" />}
            </div>
            <p className="alert-message">{withLocalTimes(alert.message)}</p>
            <dl className="alert-facts small">
              <div>
                <dt>Since</dt>
                <dd>
                  <When at={alert.since} now={now} />
                </dd>
              </div>
              <div>
                <dt>Notified</dt>
                <dd>{alert.notifiedAt ? <When at={alert.notifiedAt} now={now} /> : 'not yet'}</dd>
              </div>
              {snoozed && (
                <div>
                  <dt>Snoozed</dt>
                  <dd>
                    by <strong>{alert.snoozedBy ?? 'someone'}</strong> until{' '}
                    {localTime(alert.snoozedUntil ?? '', now)} (ends{' '}
                    <When at={alert.snoozedUntil} now={now} />)
                  </dd>
                </div>
              )}
            </dl>
            <div className="alert-actions">
              <Link href={`~/plan/runbook#${runbookAnchor(alert.flow, `alert-${alert.rule}`)}`}>
                What to do (runbook)
              </Link>
              {canSnooze &&
                (snoozed ? (
                  <AlertUnsnoozeButton alert={alert} onUnsnoozed={onUnsnoozed} />
                ) : (
                  <button type="button" onClick={() => onSnooze(alert)}>
                    Snooze…<span className="visually-hidden"> {alert.id}</span>
                  </button>
                ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
