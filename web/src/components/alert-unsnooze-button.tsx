import { useState } from 'react';
import { api } from '../api';
import type { AlertView } from './alert-types';

/** Ends a snooze at once (POST /api/alerts/ID/unsnooze); a failure is said beside the button. */
export function AlertUnsnoozeButton({
  alert,
  onUnsnoozed,
}: {
  readonly alert: AlertView;
  readonly onUnsnoozed: (alert: AlertView) => void;
}) {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const unsnooze = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ alert: AlertView }>(`/api/alerts/${encodeURIComponent(alert.id)}/unsnooze`, {
        method: 'POST',
      });
      onUnsnoozed(answer.alert);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" onClick={unsnooze} disabled={isBusy}>
        {isBusy ? 'Unsnoozing…' : 'Unsnooze'}
        <span className="visually-hidden"> {alert.id}</span>
      </button>
      {error && (
        <span className="small red-text" role="alert">
          {' '}
          Could not unsnooze: {error}
        </span>
      )}
    </>
  );
}
