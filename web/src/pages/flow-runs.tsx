import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { ErrorBox } from '../components/error-box';
import { When } from '../components/when';
import { useApi } from '../use-api';
import { between, count, runHref } from './flow-format';
import type { RunRecord } from './flow-types';

/** The flow's latest runs, newest first, each linking to its detail. */
export function FlowRuns({ flow, refresh }: { readonly flow: string; readonly refresh: number }) {
  const [limit, setLimit] = useState(20);
  const runs = useApi<{ runs: RunRecord[] }>(`/api/flows/${encodeURIComponent(flow)}/runs?limit=${limit}`);
  const { reload } = runs;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  if (runs.error) return <ErrorBox error={runs.error} what="load the runs" />;
  const list = runs.data?.runs;
  if (list === undefined) return <p className="muted">Loading…</p>;
  if (list.length === 0) {
    return <p className="empty">No runs yet. The flow runs on its trigger, or press “Run now”.</p>;
  }
  return (
    <>
      <div className="table-scroll">
        <RunTable runs={list} />
      </div>
      {list.length === limit && (
        <div className="pager">
          <button type="button" onClick={() => setLimit(limit + 50)}>
            Show more runs
          </button>
        </div>
      )}
    </>
  );
}

/** Runs as a table: status, trigger, start, duration and counts. */
export function RunTable({ runs }: { readonly runs: readonly RunRecord[] }) {
  return (
    <table className="runs-table">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Trigger</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="num">
            Read
          </th>
          <th scope="col" className="num">
            Written
          </th>
          <th scope="col" className="num">
            Dead-lettered
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <th scope="row">
              <Link href={runHref(run.id)}>{run.id}</Link>
            </th>
            <td>
              <RunStatus run={run} />
            </td>
            <td>{run.trigger}</td>
            <td>
              <When at={run.startedAt} />
            </td>
            <td className="num">{between(run.startedAt, run.finishedAt)}</td>
            <td className="num">{count(run.read)}</td>
            <td className="num">{count(run.written)}</td>
            <td className={`num${run.deadLettered > 0 ? ' red-text' : ''}`}>{count(run.deadLettered)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const statusWords: Record<RunRecord['status'], [string, string]> = {
  succeeded: ['green', 'succeeded'],
  failed: ['red', 'failed'],
  interrupted: ['amber', 'interrupted'],
  running: ['amber', 'running'],
};

/** A run's status as a coloured badge with its word. */
export function RunStatus({ run }: { readonly run: RunRecord }) {
  const [colour, word] = statusWords[run.status] ?? ['amber', run.status];
  return (
    <span
      className={`badge ${colour}`}
      title={run.error ? `${run.error.code}: ${run.error.message}` : undefined}
    >
      {word}
    </span>
  );
}
