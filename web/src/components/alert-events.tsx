import { Link } from 'wouter';
import { withLocalTimes } from './alert-local-times';
import { type AlertEventView, ruleName, severityTone } from './alert-types';
import { type Tone, ToneBadge } from './plan-tone-badge';
import { When } from './when';

const eventTone: Readonly<Record<string, Tone>> = {
  fired: 'red',
  repeated: 'red',
  resolved: 'green',
  snoozed: 'grey',
  unsnoozed: 'grey',
  suppressed: 'grey',
  'delivery-failed': 'amber',
};

/** The alert history, newest first: fired, repeated, resolved, snoozed, failed deliveries. */
export function AlertEvents({ events }: { readonly events: readonly AlertEventView[] }) {
  if (events.length === 0) {
    return <p className="card muted">No alert events yet — they appear here when a rule fires or clears.</p>;
  }
  return (
    <div className="table-scroll">
      <table className="alert-events">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Alert</th>
            <th scope="col">Flow</th>
            <th scope="col">Severity</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td className="nowrap">
                <When at={event.at} />
              </td>
              <td>
                <ToneBadge tone={eventTone[event.event] ?? 'grey'} label={event.event} />
              </td>
              <th scope="row" className="nowrap">
                {ruleName(event.rule)}
              </th>
              <td className="nowrap">
                <Link href={`~/flows/${encodeURIComponent(event.flow)}`}>{event.flow}</Link>
              </td>
              <td>
                <ToneBadge tone={severityTone[event.severity]} label={event.severity} />
              </td>
              <td className="small">
                {withLocalTimes(event.message)}
                {extraOf(event) && <div className="muted">{extraOf(event)}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The channel and the detail, where the message does not say them already. */
function extraOf(event: AlertEventView): string {
  const isWho = event.event === 'snoozed' || event.event === 'unsnoozed';
  const detail =
    event.detail === undefined || event.message.includes(event.detail)
      ? undefined
      : isWho
        ? `by ${event.detail}`
        : event.detail;
  return [event.channel && `channel ${event.channel}`, detail].filter(Boolean).join(' · ');
}
