import { Link } from 'wouter';
import { ErrorBox } from '../components/error-box';
import { type Health, HealthBadge } from '../components/health';
import { usePageTitle } from '../components/page-title';
import { When } from '../components/when';
import { useApi, useServerEvents } from '../use-api';

interface FlowRow {
  readonly flow: string;
  readonly health: Health;
  readonly status: string;
  readonly stage: string | null;
  readonly trigger: string;
  readonly lastRun: { readonly startedAt: string } | null;
  readonly recordsToday: number;
  readonly deadLetterBacklog: number;
}

/** Every flow at a glance. */
export function OverviewPage() {
  usePageTitle('Overview');
  const flows = useApi<{ flows: FlowRow[] }>('/api/flows');
  useServerEvents(['run-finished', 'dead-letters-changed'], flows.reload);
  return (
    <section>
      <h1>Flows</h1>
      {flows.error && <ErrorBox error={flows.error} what="load the flows" />}
      <table>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Health</th>
            <th scope="col">Status</th>
            <th scope="col">Last run</th>
            <th scope="col">Records today</th>
            <th scope="col">Dead letters</th>
          </tr>
        </thead>
        <tbody>
          {flows.data?.flows.map((flow) => (
            <tr key={flow.flow}>
              <th scope="row">
                <Link href={`/flows/${encodeURIComponent(flow.flow)}`}>{flow.flow}</Link>
              </th>
              <td>
                <HealthBadge health={flow.health} />
              </td>
              <td>{flow.status}</td>
              <td>
                <When at={flow.lastRun?.startedAt} />
              </td>
              <td className="num">{flow.recordsToday.toLocaleString()}</td>
              <td className="num">{flow.deadLetterBacklog.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
