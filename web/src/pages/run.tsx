import { type ReactNode, useState } from 'react';
import { Link } from 'wouter';
import { can } from '../api';
import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { When } from '../components/when';
import { useMe } from '../session';
import { useApi, useServerEvents } from '../use-api';
import { between, count, flowHref } from './flow-format';
import { RunStatus } from './flow-runs';
import type { RunRecord } from './flow-types';
import { RunRollback } from './run-rollback';
import './flows.css';

interface RecordOutcome {
  readonly key: string;
  readonly outcome: 'inserted' | 'updated' | 'deleted' | 'unchanged' | 'rejected' | 'invalid';
  readonly stage?: string;
  readonly reason?: string;
  readonly deadLetterId?: string;
}

interface Records {
  readonly total: number;
  readonly records: readonly RecordOutcome[];
  readonly note?: string;
}

const pageSize = 50;
const outcomeColour: Record<RecordOutcome['outcome'], string> = {
  inserted: 'green',
  updated: 'green',
  deleted: 'amber',
  unchanged: '',
  rejected: 'red',
  invalid: 'red',
};

/** One run: its counts and error, what happened to each record, and (admins) rolling it back. */
export function RunPage({ id }: { readonly id: string }) {
  usePageTitle(id);
  const me = useMe();
  const run = useApi<{ run: RunRecord }>(`/api/runs/${encodeURIComponent(id)}`);
  useServerEvents(['run-finished'], (_name, data) => {
    if ((data as { run?: { id: string } } | undefined)?.run?.id === id) run.reload();
  });
  if (run.error) {
    return (
      <section>
        <h1>{id}</h1>
        <ErrorBox error={run.error} what={`load the run ${id}`} />
      </section>
    );
  }
  const data = run.data?.run;
  if (data === undefined) return <p className="muted">Loading…</p>;
  return (
    <article>
      <header className="flow-head">
        <div>
          <p className="muted small crumbs">
            <Link href="/">Flows</Link> / <Link href={flowHref(data.flow)}>{data.flow}</Link> /
          </p>
          <div className="title-line">
            <h1>{data.id}</h1>
            <RunStatus run={data} />
          </div>
        </div>
      </header>
      <dl className="facts">
        <Fact term="Flow">
          <Link href={flowHref(data.flow)}>{data.flow}</Link>
        </Fact>
        <Fact term="Trigger">{data.trigger}</Fact>
        <Fact term="Started">
          <When at={data.startedAt} />
        </Fact>
        <Fact term="Finished">
          <When at={data.finishedAt} />
        </Fact>
        <Fact term="Duration">{between(data.startedAt, data.finishedAt)}</Fact>
        <Fact term="Read">{count(data.read)}</Fact>
        <Fact term="Written">{count(data.written)}</Fact>
        <Fact term="Dead-lettered">{count(data.deadLettered)}</Fact>
        <Fact term="Warnings">{count(data.warnings)}</Fact>
      </dl>
      {data.error && (
        <div className="error-box" role="alert">
          <strong>
            The run failed{data.error.stage === undefined ? '' : ` at ${data.error.stage}`}:{' '}
            <code>{data.error.code}</code>
          </strong>{' '}
          {data.error.message}
          {data.error.hint && <p className="hint">{data.error.hint}</p>}
        </div>
      )}
      <section className="flow-section" aria-labelledby="records-title">
        <h2 id="records-title">Records</h2>
        <RunRecords id={data.id} />
      </section>
      {can(me, 'admin') && (
        <section className="flow-section" aria-labelledby="rollback-title">
          <h2 id="rollback-title">Roll back</h2>
          <RunRollback run={data} onDone={run.reload} />
        </section>
      )}
    </article>
  );
}

function RunRecords({ id }: { readonly id: string }) {
  const [offset, setOffset] = useState(0);
  const records = useApi<Records>(
    `/api/runs/${encodeURIComponent(id)}/records?limit=${pageSize}&offset=${offset}`,
  );
  if (records.error) return <ErrorBox error={records.error} what="load the run's records" />;
  const data = records.data;
  if (data === undefined) return <p className="muted">Loading…</p>;
  const last = Math.min(offset + pageSize, data.total);
  return (
    <>
      {data.note && <p className="notice">{data.note}</p>}
      {data.total === 0 ? (
        <p className="empty">This run wrote no records and set none aside.</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="records-table">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {data.records.map((record, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a key may appear twice (written, then dead-lettered)
                  <tr key={`${record.key}-${index}`}>
                    <th scope="row">
                      <code>{record.key}</code>
                    </th>
                    <td>
                      <span className={`badge ${outcomeColour[record.outcome]}`}>{record.outcome}</span>
                    </td>
                    <td>{record.stage ?? '—'}</td>
                    <td className="wrap">
                      {record.reason ?? '—'}
                      {record.deadLetterId && <span className="muted small"> ({record.deadLetterId})</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <span className="muted small" aria-live="polite">
              {count(offset + 1)}–{count(last)} of {count(data.total)}
            </span>
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(offset - pageSize, 0))}
            >
              Previous
            </button>
            <button type="button" disabled={last >= data.total} onClick={() => setOffset(offset + pageSize)}>
              Next
            </button>
          </div>
        </>
      )}
    </>
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
