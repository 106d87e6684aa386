import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { api, can } from '../api';
import { count, runHref } from '../pages/flow-format';
import type { DeadLetter } from '../pages/flow-types';
import { useMe } from '../session';
import { useApi } from '../use-api';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorBox } from './error-box';
import { When } from './when';

const filters = [
  ['open', 'Open'],
  ['replayed', 'Replayed'],
  ['discarded', 'Discarded'],
  ['all', 'All'],
] as const;

interface Outcome {
  readonly tone: 'ok' | 'warn' | 'bad';
  readonly text: string;
}

/**
 * A flow's dead letters: inspect one (payload, reason, stage, attempts), replay it through the
 * current mapping, or discard it with a reason (operators). The caller reloads what depends on
 * them (counts, charts) through onChanged.
 */
export function DeadLetterList(props: {
  readonly flow: string;
  readonly refresh: number;
  readonly onChanged: () => void;
}) {
  const { flow, refresh, onChanged } = props;
  const me = useMe();
  const [status, setStatus] = useState<string>('open');
  const list = useApi<{ deadLetters: DeadLetter[]; total: number }>(
    `/api/flows/${encodeURIComponent(flow)}/dead-letters?status=${status}&limit=200`,
  );
  const [open, setOpen] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [discarding, setDiscarding] = useState<DeadLetter>();
  const [discardError, setDiscardError] = useState<Error>();
  const { reload } = list;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  // The row acted on may vanish from the list: focus goes to what happened instead of the page.
  const notice = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (outcome !== undefined) notice.current?.focus();
  }, [outcome]);

  const replay = async (letter: DeadLetter) => {
    setBusy(letter.id);
    setOutcome(undefined);
    try {
      const result = await api<{ run: { id: string }; replayed: string[]; failedAgain: string[] }>(
        `/api/dead-letters/${encodeURIComponent(letter.id)}/replay`,
        { method: 'POST' },
      );
      setOutcome(
        result.replayed.includes(letter.id)
          ? { tone: 'ok', text: `Replayed ${letter.id}: the record was written (run ${result.run.id}).` }
          : {
              tone: 'warn',
              text: `${letter.id} failed again (run ${result.run.id}); it stays open. Fix the mapping or the data, then replay again.`,
            },
      );
    } catch (thrown) {
      setOutcome({ tone: 'bad', text: `Could not replay ${letter.id}: ${messageOf(thrown)}` });
    } finally {
      setBusy(undefined);
      onChanged();
    }
  };

  const closeDiscard = useCallback(() => {
    setDiscarding(undefined);
    setDiscardError(undefined);
  }, []);
  const discard = async (reason: string) => {
    if (discarding === undefined) return;
    setBusy(discarding.id);
    try {
      await api(`/api/dead-letters/${encodeURIComponent(discarding.id)}/discard`, { body: { reason } });
      setOutcome({ tone: 'ok', text: `Discarded ${discarding.id}: “${reason}”.` });
      closeDiscard();
      onChanged();
    } catch (thrown) {
      setDiscardError(thrown instanceof Error ? thrown : new Error(String(thrown)));
    } finally {
      setBusy(undefined);
    }
  };

  const isOperator = can(me, 'operator');
  const letters = list.data?.deadLetters;
  return (
    <>
      <div className="section-tools">
        <label>
          Show
          <select value={status} onChange={(event) => setStatus(event.target.value)}>
            {filters.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {list.data && (
          <span className="muted small">
            {count(list.data.total)} {status === 'all' ? 'in total' : status}
          </span>
        )}
      </div>
      <div aria-live="polite">
        {outcome && (
          <p className={`notice ${outcome.tone}`} ref={notice} tabIndex={-1}>
            {outcome.text}
          </p>
        )}
      </div>
      {list.error && <ErrorBox error={list.error} what="load the dead letters" />}
      {letters?.length === 0 && (
        <p className="empty">
          {status === 'open'
            ? 'No dead letters — every record was written.'
            : `No ${status === 'all' ? '' : `${status} `}dead letters.`}
        </p>
      )}
      {letters !== undefined && letters.length > 0 && (
        <div className="table-scroll">
          <table className="dead-letters">
            <thead>
              <tr>
                <th scope="col">Dead letter</th>
                <th scope="col">Key</th>
                <th scope="col">Stage</th>
                <th scope="col">Reason</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {letters.map((letter) => (
                <Fragment key={letter.id}>
                  <tr>
                    <th scope="row">{letter.id}</th>
                    <td>
                      <code>{keyText(letter.key)}</code>
                    </td>
                    <td>{letter.stage}</td>
                    <td>
                      <code>{letter.code}</code> {letter.message}
                      {letter.status !== 'open' && <div className="muted small">{letter.status}</div>}
                    </td>
                    <td className="num">{count(letter.attempts)}</td>
                    <td>
                      <When at={letter.createdAt} />
                    </td>
                    <td>
                      <div className="row-actions">
                        <button
                          type="button"
                          aria-expanded={open === letter.id}
                          aria-controls={`inspect-${letter.id}`}
                          onClick={() => setOpen(open === letter.id ? undefined : letter.id)}
                        >
                          {open === letter.id ? 'Close' : 'Inspect'}
                          <span className="visually-hidden"> {letter.id}</span>
                        </button>
                        {isOperator && letter.status === 'open' && (
                          <>
                            <button
                              type="button"
                              className="primary"
                              onClick={() => replay(letter)}
                              disabled={busy !== undefined}
                            >
                              {busy === letter.id ? 'Replaying…' : 'Replay'}
                              <span className="visually-hidden"> {letter.id}</span>
                            </button>
                            <button
                              type="button"
                              onClick={() => setDiscarding(letter)}
                              disabled={busy !== undefined}
                            >
                              Discard<span className="visually-hidden"> {letter.id}</span>
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                  {open === letter.id && (
                    <tr className="inspect" id={`inspect-${letter.id}`}>
                      <td colSpan={7}>
                        <DeadLetterDetail flow={flow} id={letter.id} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {discarding !== undefined && (
        <ConfirmDialog
          title={`Discard ${discarding.id}?`}
          confirmLabel="Discard"
          isDanger
          reasonLabel="Why is this record given up? (kept with the dead letter and in the audit log)"
          isBusy={busy === discarding.id}
          error={discardError && <ErrorBox error={discardError} what="discard it" />}
          onConfirm={discard}
          onCancel={closeDiscard}
        >
          <p>
            The record <code>{keyText(discarding.key)}</code> will not be written. It stays listed under
            “Discarded”.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** One dead letter in full: why, where, how often tried, and the original record. */
function DeadLetterDetail({ flow, id }: { readonly flow: string; readonly id: string }) {
  const detail = useApi<{ deadLetter: DeadLetter }>(
    `/api/flows/${encodeURIComponent(flow)}/dead-letters/${encodeURIComponent(id)}`,
  );
  if (detail.error) return <ErrorBox error={detail.error} what={`load ${id}`} />;
  const letter = detail.data?.deadLetter;
  if (letter === undefined) return <p className="muted">Loading…</p>;
  return (
    <div>
      <dl>
        <dt>Reason</dt>
        <dd>
          <code>{letter.code}</code> {letter.message}
        </dd>
        {letter.field && (
          <>
            <dt>Field</dt>
            <dd>{letter.field}</dd>
          </>
        )}
        <dt>Stage</dt>
        <dd>{letter.stage}</dd>
        <dt>Attempts</dt>
        <dd>{count(letter.attempts)}</dd>
        <dt>Run</dt>
        <dd>
          <Link href={runHref(letter.runId)}>{letter.runId}</Link>
        </dd>
        <dt>Status</dt>
        <dd>
          {letter.status}
          {letter.resolution && ` — ${letter.resolution}`}
          {letter.resolvedBy && ` (by ${letter.resolvedBy})`}
        </dd>
      </dl>
      <h3>Payload (the record as read)</h3>
      <pre className="payload">{JSON.stringify(letter.payload, null, 2)}</pre>
    </div>
  );
}

function keyText(key: unknown): string {
  if (key === undefined || key === null) return '—';
  if (Array.isArray(key)) return key.map(String).join(' | ');
  return typeof key === 'object' ? JSON.stringify(key) : String(key);
}

function messageOf(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown);
  const hint = 'hint' in thrown && typeof thrown.hint === 'string' ? ` ${thrown.hint}` : '';
  return `${thrown.message}${hint}`;
}
