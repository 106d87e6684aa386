import { type ReactNode, useCallback, useState } from 'react';
import { Link } from 'wouter';
import { DeadLetterList } from '../components/dead-letter-list';
import { ErrorBox } from '../components/error-box';
import { HealthBadge } from '../components/health';
import { MappingSheet } from '../components/mapping-sheet';
import { usePageTitle } from '../components/page-title';
import { When } from '../components/when';
import { type ServerEventName, useApi, useServerEvents } from '../use-api';
import { FlowCharts } from './flow-charts';
import { FlowCompare } from './flow-compare';
import { count, percent } from './flow-format';
import { RunNowButton } from './flow-run-button';
import { FlowRuns } from './flow-runs';
import type { FlowDetail } from './flow-types';
import { describeEvent, Freshness } from './overview';
import './flows.css';

/**
 * One flow: what it is and how it is doing, its volumes and errors over the last days, its
 * runs, its dead letters (inspect, replay, discard), its mapping sheet, its compare results.
 * Sections are reached by in-page links; everything reloads when a run of the flow finishes.
 */
export function FlowPage({ flow }: { readonly flow: string }) {
  usePageTitle(flow);
  const path = `/api/flows/${encodeURIComponent(flow)}`;
  const detail = useApi<FlowDetail>(path);
  const [refresh, setRefresh] = useState(0);
  const [news, setNews] = useState('');
  const onEvent = useCallback(
    (name: ServerEventName, data: unknown) => {
      const event = (data ?? {}) as { flow?: string; run?: { flow: string } };
      if ((event.flow ?? event.run?.flow) !== flow) return;
      detail.reload();
      if (name !== 'run-started') setRefresh((n) => n + 1);
      setNews(describeEvent(name, data));
    },
    [flow, detail.reload],
  );
  useServerEvents(['run-started', 'run-finished', 'dead-letters-changed', 'compare-finished'], onEvent);
  const changed = useCallback(() => {
    detail.reload();
    setRefresh((n) => n + 1);
  }, [detail.reload]);

  if (detail.error) {
    return (
      <section>
        <h1>{flow}</h1>
        <ErrorBox error={detail.error} what={`load the flow ${flow}`} />
        <p>
          <Link href="/">Back to the overview</Link>
        </p>
      </section>
    );
  }
  const data = detail.data;
  if (data === undefined) return <p className="muted">Loading…</p>;
  const hasCompare = data.spec.compare !== undefined;
  const runbook = `${path}/runbook?format=html`;
  const sections = [
    ['activity', 'Activity'],
    ['runs', 'Runs'],
    ['dead-letters', `Dead letters (${count(data.deadLetterBacklog)})`],
    ['mapping', 'Mapping sheet'],
    ...(hasCompare ? [['compare', 'Compare']] : []),
  ];
  return (
    <article>
      <header className="flow-head">
        <div>
          <p className="muted small crumbs">
            <Link href="/">Flows</Link> /
          </p>
          <div className="title-line">
            <h1>{data.flow}</h1>
            <HealthBadge health={data.health} />
          </div>
          {data.description && <p className="muted description">{data.description}</p>}
        </div>
        <div className="head-actions">
          <a className="button" href={runbook} target="_blank" rel="noreferrer">
            Runbook
          </a>
          <RunNowButton flow={data.flow} isRunning={data.status === 'running'} onMessage={setNews} />
        </div>
      </header>
      <dl className="facts">
        <Fact term="Status">
          <span className={`status ${data.status.replace(/\s+/g, '-')}`}>{data.status}</span>
          {!data.enabled && <span className="muted"> (disabled)</span>}
        </Fact>
        <Fact term="Stage">{data.stage ?? '—'}</Fact>
        <Fact term="Trigger">{data.trigger}</Fact>
        <Fact term="Last run">
          <When at={data.lastRun?.startedAt} />
        </Fact>
        <Fact term="Freshness">
          <Freshness flow={data} />
        </Fact>
        <Fact term="Records today">{count(data.recordsToday)}</Fact>
        <Fact term="Error rate (24 h)">
          {percent(data.errorRate.records)} of records
          {data.errorRate.runs > 0 && (
            <div className="red-text">{percent(data.errorRate.runs)} of runs failed</div>
          )}
        </Fact>
      </dl>
      <p className="live-news muted small" aria-live="polite">
        {news}
      </p>
      <nav className="section-nav" aria-label="Sections of this flow">
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <section id="activity" className="flow-section" aria-labelledby="activity-title">
        <h2 id="activity-title">Activity</h2>
        <FlowCharts flow={data.flow} refresh={refresh} />
      </section>
      <section id="runs" className="flow-section" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <FlowRuns flow={data.flow} refresh={refresh} />
      </section>
      <section id="dead-letters" className="flow-section" aria-labelledby="dead-letters-title">
        <h2 id="dead-letters-title">Dead letters</h2>
        <DeadLetterList flow={data.flow} refresh={refresh} onChanged={changed} />
      </section>
      <section id="mapping" className="flow-section" aria-labelledby="mapping-title">
        <h2 id="mapping-title">Mapping sheet</h2>
        <MappingSheet flow={data.flow} />
      </section>
      {hasCompare && (
        <section id="compare" className="flow-section" aria-labelledby="compare-title">
          <h2 id="compare-title">Compare with the old process</h2>
          <FlowCompare flow={data.flow} refresh={refresh} />
        </section>
      )}
      <p className="muted small">
        When something goes wrong: <a href={runbook}>the runbook of {data.flow}</a> says what to check and
        whom to call.
      </p>
    </article>
  );
}

function Fact({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
