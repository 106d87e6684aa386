import { useCallback, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorBox } from '../components/error-box';
import { count, runHref } from './flow-format';
import type { RunRecord } from './flow-types';

interface RollbackReport {
  readonly records: number;
  readonly conflicts: number;
  readonly sampleConflicts: readonly { readonly key: readonly unknown[]; readonly reason: string }[];
  readonly refused: boolean;
  readonly run?: RunRecord;
}

/**
 * Undoing a run (admins): a preview first — how many records would be restored, which changed
 * since — then a confirmation that asks for the run id typed out, then the result.
 */
export function RunRollback({ run, onDone }: { readonly run: RunRecord; readonly onDone: () => void }) {
  const [preview, setPreview] = useState<RollbackReport>();
  const [result, setResult] = useState<RollbackReport>();
  const [error, setError] = useState<Error>();
  const [isBusy, setBusy] = useState(false);
  const [isConfirming, setConfirming] = useState(false);
  const path = `/api/runs/${encodeURIComponent(run.id)}/rollback`;

  const call = async (confirm: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ preview: boolean; report: RollbackReport }>(path, { body: { confirm } });
      if (confirm) {
        setResult(answer.report);
        setConfirming(false);
        onDone();
      } else setPreview(answer.report);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown : new Error(String(thrown)));
    } finally {
      setBusy(false);
    }
  };
  const cancel = useCallback(() => setConfirming(false), []);

  if (result !== undefined) {
    return result.refused ? (
      <div className="notice bad" role="status">
        The rollback was refused: {count(result.conflicts)} record(s) changed since the run. Nothing was
        changed.
        <Conflicts report={result} />
      </div>
    ) : (
      <p className="notice ok" role="status">
        Rolled back: {count(result.records)} record(s) restored
        {result.run && (
          <>
            {' '}
            in run <Link href={runHref(result.run.id)}>{result.run.id}</Link>
          </>
        )}
        .
      </p>
    );
  }
  return (
    <>
      <p className="muted">
        Restores what this run changed in the target from its journal: updated records get their earlier
        values back, inserted ones are deleted. Records changed again since the run stop the rollback.
      </p>
      {error && !isConfirming && <ErrorBox error={error} what="roll back this run" />}
      {preview === undefined ? (
        <button type="button" onClick={() => call(false)} disabled={isBusy}>
          {isBusy ? 'Checking…' : 'Preview rollback'}
        </button>
      ) : (
        <div className={`notice ${preview.refused || preview.conflicts > 0 ? 'warn' : ''}`} role="status">
          <p>
            <strong>Preview:</strong> a rollback would restore {count(preview.records)} record(s) in the
            target.
            {preview.conflicts > 0 &&
              ` ${count(preview.conflicts)} record(s) changed since the run, so it would be refused.`}
          </p>
          <Conflicts report={preview} />
          <div className="row-actions">
            <button type="button" onClick={() => call(false)} disabled={isBusy}>
              Preview again
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => setConfirming(true)}
              disabled={isBusy || preview.records === 0 || preview.refused}
            >
              Roll back…
            </button>
          </div>
        </div>
      )}
      {isConfirming && (
        <ConfirmDialog
          title={`Roll back ${run.id}?`}
          confirmLabel="Roll back"
          isDanger
          mustType={run.id}
          isBusy={isBusy}
          error={error && <ErrorBox error={error} what="roll back this run" />}
          onConfirm={() => call(true)}
          onCancel={cancel}
        >
          <p>
            {count(preview?.records ?? 0)} record(s) written by this run of <strong>{run.flow}</strong> will
            be restored to what they were before it. The rollback is itself recorded as a run.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}

function Conflicts({ report }: { readonly report: RollbackReport }) {
  if (report.sampleConflicts.length === 0) return null;
  return (
    <ul className="small">
      {report.sampleConflicts.map((conflict) => (
        <li key={conflict.key.map(String).join('|')}>
          <code>{conflict.key.map(String).join(' | ')}</code>: {conflict.reason}
        </li>
      ))}
    </ul>
  );
}
