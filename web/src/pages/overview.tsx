import { useState } from 'react';
import { Link } from 'wouter';
import { ErrorBox } from '../components/error-box';
import { HealthBadge } from '../components/health';
import { usePageTitle } from '../components/page-title';
import { When } from '../components/when';
import { useApi, useServerEvents } from '../use-api';
import { count, flowHref, percent } from './flow-format';
import { RunNowButton } from './flow-run-button';
import type { FlowOverview } from './flow-types';
import './flows.css';

interface Review {
  readonly schedule: { readonly every: string; readonly nextDue?: string };
  readonly overdue: boolean;
}

/** Every flow at a glance: a summary strip, then one row per flow, live through server events. */
export function OverviewPage() {
  usePageTitle('Overview');
  const flows = useApi<{ flows: FlowOverview[] }>('/api/flows');
  const review = useApi<Review>('/api/review');
  const [news, setNews] = useState('');
  useServerEvents(['run-started', 'run-finished', 'dead-letters-changed'], (name, data) => {
    flows.reload();
    setNews(describeEvent(name, data));
  });
  const list = flows.data?.flows ?? [];
  return (
    <section>
      <h1>Flows</h1>
      <Summary flows={list} review={review.data} isLoaded={flows.data !== undefined} />
      <p className="live-news muted small" aria-live="polite">
        {news}
      </p>
      {flows.error && <ErrorBox error={flows.error} what="load the flows" />}
      {flows.data !== undefined && list.length === 0 && (
        <p className="card">
          No flows in this project yet. Add one under <code>flows:</code> in the spec, then restart{' '}
          <code>syncline serve</code>.
        </p>
      )}
      {list.length > 0 && <FlowTable flows={list} onMessage={setNews} />}
    </section>
  );
}

function Summary(props: {
  readonly flows: readonly FlowOverview[];
  readonly review: Review | undefined;
  readonly isLoaded: boolean;
}) {
  const of = (health: string) => props.flows.filter((flow) => flow.health === health).length;
  const open = props.flows.reduce((sum, flow) => sum + flow.deadLetterBacklog, 0);
  const nextDue = props.review?.schedule.nextDue;
  if (!props.isLoaded) return <p className="muted">Loading…</p>;
  return (
    <ul className="summary-strip" aria-label="Summary">
      <li className="green">
        <strong>{of('green')}</strong> healthy
      </li>
      <li className="amber">
        <strong>{of('amber')}</strong> need attention
      </li>
      <li className="red">
        <strong>{of('red')}</strong> failing
      </li>
      <li className={open > 0 ? 'amber' : ''}>
        <strong>{count(open)}</strong> dead letter{open === 1 ? '' : 's'} open
      </li>
      {props.review !== undefined && (
        <li className={props.review.overdue ? 'red' : ''}>
          <span className="muted small">Next health review</span>{' '}
          <strong>
            {nextDue === undefined ? 'after go-live' : <When at={nextDue} />}
            {props.review.overdue && ' — overdue'}
          </strong>
        </li>
      )}
    </ul>
  );
}

function FlowTable({
  flows,
  onMessage,
}: {
  readonly flows: readonly FlowOverview[];
  readonly onMessage: (message: string) => void;
}) {
  // Projects that do not track rollout stages get no column of dashes.
  const hasStages = flows.some((flow) => flow.stage !== null);
  return (
    <div className="table-scroll">
      <table className="flow-table stack-on-phone">
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Health</th>
            {hasStages && <th scope="col">Stage</th>}
            <th scope="col">Status</th>
            <th scope="col">Last run</th>
            <th scope="col" className="num">
              Error rate
            </th>
            <th scope="col" className="num">
              Records today
            </th>
            <th scope="col">Freshness</th>
            <th scope="col" className="num">
              Dead letters
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {flows.map((flow) => (
            <tr key={flow.flow}>
              <th scope="row">
                <Link href={flowHref(flow.flow)} className="flow-name">
                  {flow.flow}
                </Link>
                {flow.description && <div className="muted small description">{flow.description}</div>}
              </th>
              <td data-label="Health">
                <HealthBadge health={flow.health} />
              </td>
              {hasStages && <td data-label="Stage">{flow.stage ?? <span className="muted">—</span>}</td>}
              <td data-label="Status">
                <span className={`status ${flow.status.replace(/\s+/g, '-')}`}>{flow.status}</span>
              </td>
              <td data-label="Last run">
                <When at={flow.lastRun?.startedAt} />
              </td>
              <td
                data-label="Error rate"
                className="num"
                title="failed runs and dead-lettered records, last 24 h"
              >
                {percent(flow.errorRate.records)}
                {flow.errorRate.runs > 0 && (
                  <div className="small red-text">{percent(flow.errorRate.runs)} of runs failed</div>
                )}
              </td>
              <td data-label="Records today" className="num">
                {count(flow.recordsToday)}
              </td>
              <td data-label="Freshness">
                <Freshness flow={flow} />
              </td>
              <td data-label="Dead letters" className="num">
                {flow.deadLetterBacklog > 0 ? (
                  <Link href={`${flowHref(flow.flow)}#dead-letters`}>{count(flow.deadLetterBacklog)}</Link>
                ) : (
                  '0'
                )}
              </td>
              <td className="actions">
                <RunNowButton flow={flow.flow} isRunning={flow.status === 'running'} onMessage={onMessage} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Last success, and whether that is within the flow's freshness window. */
export function Freshness({ flow }: { readonly flow: FlowOverview }) {
  const { window, lastSuccessAt, isStale } = flow.freshness;
  return (
    <span className={isStale ? 'red-text' : undefined}>
      {lastSuccessAt === null ? 'no success yet' : <When at={lastSuccessAt} />}
      {isStale && <strong> — stale</strong>}
      {window !== null && <div className="muted small">expected every {window}</div>}
    </span>
  );
}

/** What a server event means, in words, for the page's live region. */
export function describeEvent(name: string, data: unknown): string {
  const event = (data ?? {}) as { flow?: string; run?: { id: string; flow: string; status: string } };
  const time = new Date().toLocaleTimeString();
  if (name === 'run-started') return `${time}: ${event.flow ?? 'a flow'} started a run.`;
  if (name === 'run-finished' && event.run) {
    return `${time}: ${event.run.flow} ${event.run.id} ${event.run.status}.`;
  }
  if (name === 'dead-letters-changed') return `${time}: dead letters of ${event.flow ?? 'a flow'} changed.`;
  return `${time}: ${name}.`;
}
