import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api';
import { withLocalTimes } from '../components/alert-local-times';
import { ErrorBox } from '../components/error-box';
import { usePageTitle } from '../components/page-title';
import { type Tone, ToneBadge } from '../components/plan-tone-badge';
import { When } from '../components/when';
import { useApi } from '../use-api';
import './audit.css';

/** One entry of GET /api/audit. */
interface AuditEntryView {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly outcome?: 'ok' | 'denied' | 'failed';
  readonly flow?: string;
  readonly target?: string;
  readonly detail?: unknown;
}

const pageSize = 50;
const outcomeTone: Record<NonNullable<AuditEntryView['outcome']>, Tone> = {
  ok: 'green',
  denied: 'amber',
  failed: 'red',
};

/**
 * /audit: who did what, when, to what, and whether it worked — sign-ins, runs, replays,
 * rollbacks, snoozes, from the dashboard and the command line. Newest first; "Older" pages back.
 */
export function AuditPage() {
  usePageTitle('Audit log');
  const first = useApi<{ entries: AuditEntryView[] }>(`/api/audit?limit=${pageSize}`);
  const [older, setOlder] = useState<AuditEntryView[]>([]);
  const [isEnd, setEnd] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [olderError, setOlderError] = useState<Error>();
  const [filter, setFilter] = useState('');

  const entries = [...(first.data?.entries ?? []), ...older];
  const needle = filter.trim().toLowerCase();
  const shown =
    needle === ''
      ? entries
      : entries.filter((e) =>
          [e.actor, e.action, e.flow, e.target].some((text) => text?.toLowerCase().includes(needle)),
        );
  const hasMore = !isEnd && (first.data?.entries.length ?? 0) === pageSize;

  const loadOlder = async () => {
    const last = entries.at(-1);
    if (last === undefined) return;
    setBusy(true);
    setOlderError(undefined);
    try {
      const page = await api<{ entries: AuditEntryView[] }>(
        `/api/audit?limit=${pageSize}&before=${last.seq}`,
      );
      setOlder((kept) => [...kept, ...page.entries]);
      if (page.entries.length < pageSize) setEnd(true);
    } catch (thrown) {
      setOlderError(thrown instanceof Error ? thrown : new Error(String(thrown)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="muted audit-intro">
        Every sign-in and every action that changes something — from the dashboard, API tokens and the command
        line — newest first. <code>syncline audit</code> lists the same.
      </p>
      {first.error && <ErrorBox error={first.error} what="load the audit log" />}
      <div className="audit-tools">
        <label className="audit-filter">
          Filter by who, what or target
          <input
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="e.g. operator, snooze, customers-to-erp"
          />
        </label>
        <p className="muted small" aria-live="polite">
          {needle === ''
            ? `${entries.length.toLocaleString()} entries loaded`
            : `${shown.length.toLocaleString()} of ${entries.length.toLocaleString()} loaded entries match`}
        </p>
      </div>
      {first.data && entries.length === 0 && (
        <p className="card muted">Nothing recorded yet — sign-ins and operator actions appear here.</p>
      )}
      {first.data && entries.length > 0 && shown.length === 0 && (
        <p className="card muted">
          No loaded entry matches “{filter}”.{hasMore && ' Load older entries to search further back.'}
        </p>
      )}
      {shown.length > 0 && (
        <div className="table-scroll">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry) => (
                <tr key={entry.seq}>
                  <td className="nowrap">
                    <When at={entry.at} />
                  </td>
                  <td>{entry.actor}</td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  <td>
                    {entry.flow && (
                      <Link href={`~/flows/${encodeURIComponent(entry.flow)}`}>{entry.flow}</Link>
                    )}
                    {entry.flow && entry.target && ' · '}
                    {entry.target && (
                      <span className="audit-target" title={entry.target}>
                        {withoutFlow(entry.target, entry.flow)}
                      </span>
                    )}
                    {!entry.flow && !entry.target && <span className="muted">—</span>}
                  </td>
                  <td>
                    {entry.outcome ? (
                      <ToneBadge tone={outcomeTone[entry.outcome]} label={entry.outcome} />
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="small audit-detail">{detailText(entry.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {olderError && <ErrorBox error={olderError} what="load older entries" />}
      {hasMore && (
        <p>
          <button type="button" onClick={loadOlder} disabled={isBusy}>
            {isBusy ? 'Loading…' : 'Older'}
          </button>
        </p>
      )}
      {first.data && !hasMore && entries.length > 0 && (
        <p className="muted small">That is the beginning of the log.</p>
      )}
    </section>
  );
}

/** `run-failed` for the target `run-failed:FLOW` beside the flow's own link. */
function withoutFlow(target: string, flow: string | undefined): string {
  return flow !== undefined && target.endsWith(`:${flow}`) ? target.slice(0, -flow.length - 1) : target;
}

/** `minutes: 60 · reason: ERP maintenance` for an object; the value itself otherwise. */
function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (typeof detail !== 'object') return withLocalTimes(String(detail));
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .map(withLocalTimes)
    .join(' · ');
}
