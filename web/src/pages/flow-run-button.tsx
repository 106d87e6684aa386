import { useState } from 'react';
import { ApiError, api, can } from '../api';
import { useMe } from '../session';

/**
 * "Run now" for operators: asks the server to start the flow (202) and says so; the run's end
 * arrives as an event that the page listens to. Viewers see nothing.
 */
export function RunNowButton({
  flow,
  isRunning,
  onMessage,
}: {
  readonly flow: string;
  readonly isRunning: boolean;
  readonly onMessage: (message: string) => void;
}) {
  const me = useMe();
  const [isBusy, setBusy] = useState(false);
  if (!can(me, 'operator')) return null;
  const start = async () => {
    setBusy(true);
    try {
      await api(`/api/flows/${encodeURIComponent(flow)}/run`, { method: 'POST' });
      onMessage(`${flow}: run started.`);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      const hint = thrown instanceof ApiError && thrown.hint ? ` ${thrown.hint}` : '';
      onMessage(`${flow}: could not start a run. ${message}${hint}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className="primary run-now"
      onClick={start}
      disabled={isBusy || isRunning}
      aria-label={`Run ${flow} now`}
    >
      {isRunning ? 'Running…' : isBusy ? 'Starting…' : 'Run now'}
    </button>
  );
}
