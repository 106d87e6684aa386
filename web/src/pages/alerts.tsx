import { useEffect, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { can } from '../api';
import { AlertEvents } from '../components/alert-events';
import { AlertFiringList } from '../components/alert-firing-list';
import { AlertSnoozeDialog } from '../components/alert-snooze-dialog';
import { type AlertsAnswer, type AlertView, isSnoozed, ruleName } from '../components/alert-types';
import { AlertUnsnoozeButton } from '../components/alert-unsnooze-button';
import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { ToneBadge } from '../components/plan-tone-badge';
import { When } from '../components/when';
import { useMe } from '../session';
import { useApi, useServerEvents } from '../use-api';
import './alerts.css';

/** How often the page asks again without an event (a rule may fire without a run finishing). */
const refreshMs = 30_000;

/**
 * /alerts: what is firing now (snoozed ones marked, with who and until when), every other alert,
 * and the recent alert history. Operators snooze and unsnooze here. Refreshes when a run
 * finishes, when an alert changes, and every 30 seconds.
 */
export function AlertsPage() {
  usePageTitle('Alerts');
  const me = useMe();
  // /alerts?flow=NAME shows one flow's alerts (the flow page links here).
  const flow = new URLSearchParams(useSearch()).get('flow') ?? undefined;
  const alerts = useApi<AlertsAnswer>(flow ? `/api/alerts?flow=${encodeURIComponent(flow)}` : '/api/alerts');
  const [snoozing, setSnoozing] = useState<AlertView>();
  const [announcement, setAnnouncement] = useState('');
  const { reload } = alerts;
  useServerEvents(['run-finished', 'alert-changed'], reload);
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload]);

  const now = Date.now();
  const all = alerts.data?.alerts ?? [];
  const firing = all
    .filter((a) => a.status === 'firing')
    .sort(
      (a, b) => Number(isSnoozed(a, now)) - Number(isSnoozed(b, now)) || severityRank(a) - severityRank(b),
    );
  const clear = all.filter((a) => a.status !== 'firing');
  const isOperator = can(me, 'operator');
  const actions = {
    canSnooze: isOperator,
    onSnooze: setSnoozing,
    onUnsnoozed: (alert: AlertView) => {
      setAnnouncement(`${ruleName(alert.rule)} on ${alert.flow} is no longer snoozed.`);
      reload();
    },
  };

  return (
    <section aria-labelledby="alerts-title">
      <h1 id="alerts-title">Alerts</h1>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {flow && (
        <p className="alert-scope">
          Alerts of <strong>{flow}</strong> only · <Link href="/alerts">show every flow</Link>
        </p>
      )}
      {alerts.error && <ErrorBox error={alerts.error} what="load the alerts" />}
      {alerts.data && (
        <p className="alert-summary" aria-live="polite">
          {firing.length === 0 ? (
            <ToneBadge tone="green" label="nothing firing" />
          ) : (
            <ToneBadge tone="red" label={`${firing.length} firing`} />
          )}{' '}
          {firing.some((a) => isSnoozed(a, now)) && (
            <ToneBadge tone="grey" label={`${firing.filter((a) => isSnoozed(a, now)).length} snoozed`} />
          )}{' '}
          <span className="muted small">
            updated <When at={new Date(now).toISOString()} /> · rules are checked every minute
          </span>
        </p>
      )}

      <h2>Firing</h2>
      {alerts.data && firing.length === 0 && (
        <p className="card muted">
          No alert is firing — every flow is within its rules. Rules and thresholds:{' '}
          <Link href="~/plan/runbook">runbook</Link>.
        </p>
      )}
      {firing.length > 0 && <AlertFiringList alerts={firing} now={now} {...actions} />}
      {firing.length > 0 && !isOperator && (
        <p className="muted small">Snoozing an alert needs the operator role.</p>
      )}

      <h2>Not firing</h2>
      {alerts.data && clear.length === 0 && (
        <p className="card muted">
          {all.length === 0
            ? 'No alert has fired yet. syncline serve checks every flow against its alert rules each minute.'
            : 'Every alert that ever fired is firing now.'}
        </p>
      )}
      {clear.length > 0 && (
        <div className="table-scroll">
          <table className="alert-clear">
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Flow</th>
                <th scope="col">State</th>
                <th scope="col">Changed</th>
                {isOperator && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {clear.map((alert) => (
                <tr key={alert.id}>
                  <th scope="row">{ruleName(alert.rule)}</th>
                  <td>
                    <Link href={`~/flows/${encodeURIComponent(alert.flow)}`}>{alert.flow}</Link>
                  </td>
                  <td>
                    <ToneBadge tone="green" label="clear" />
                    {isSnoozed(alert, now) && (
                      <div className="small muted">
                        snoozed by {alert.snoozedBy} until <When at={alert.snoozedUntil} />
                      </div>
                    )}
                  </td>
                  <td>
                    <When at={alert.updatedAt} />
                  </td>
                  {isOperator && (
                    <td>
                      {isSnoozed(alert, now) ? (
                        <AlertUnsnoozeButton alert={alert} onUnsnoozed={actions.onUnsnoozed} />
                      ) : (
                        <button type="button" onClick={() => setSnoozing(alert)}>
                          Snooze<span className="visually-hidden"> {alert.id}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Recent events</h2>
      {alerts.data && <AlertEvents events={alerts.data.events} />}

      {snoozing && (
        <AlertSnoozeDialog
          alert={snoozing}
          onClose={() => setSnoozing(undefined)}
          onSnoozed={(alert) => {
            setSnoozing(undefined);
            setAnnouncement(
              `${ruleName(alert.rule)} on ${alert.flow} snoozed until ${new Date(alert.snoozedUntil ?? '').toLocaleString()}.`,
            );
            reload();
          }}
        />
      )}
    </section>
  );
}

const severityRank = (alert: AlertView) => ['critical', 'warning', 'info'].indexOf(alert.severity);
