import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { api } from '../api';
import { type AlertView, ruleName } from './alert-types';
import { ErrorBox } from './error-box';

const presets = [
  { value: '60', label: '1 hour' },
  { value: '240', label: '4 hours' },
  { value: '1440', label: '1 day' },
  { value: 'custom', label: 'Custom' },
] as const;
const unitMinutes: Readonly<Record<string, number>> = { minutes: 1, hours: 60, days: 1440 };
/** The server's limit: 30 days. */
const maxMinutes = 43_200;

/**
 * The snooze dialog: how long (1 h, 4 h, 1 day or custom) and why. A modal <dialog>: the rest
 * of the page is inert, Tab cycles inside, Escape or Cancel closes it and focus goes back to
 * the button that opened it.
 */
export function AlertSnoozeDialog({
  alert,
  onClose,
  onSnoozed,
}: {
  readonly alert: AlertView;
  readonly onClose: () => void;
  readonly onSnoozed: (alert: AlertView) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [preset, setPreset] = useState<string>('60');
  const [error, setError] = useState<Error>();
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    const element = dialog.current;
    element?.showModal();
    element?.querySelector<HTMLInputElement>('input[name="preset"]:checked')?.focus();
    return () => {
      element?.close();
      opener?.focus();
    };
  }, []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const minutes =
      preset === 'custom'
        ? Number(form.get('amount')) * (unitMinutes[String(form.get('unit'))] ?? 60)
        : Number(preset);
    if (!Number.isFinite(minutes) || minutes < 1 || minutes > maxMinutes) {
      setError(new Error('Choose a snooze between 1 minute and 30 days.'));
      return;
    }
    const reason = String(form.get('reason') ?? '').trim();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api<{ alert: AlertView }>(`/api/alerts/${encodeURIComponent(alert.id)}/snooze`, {
        body: { minutes, ...(reason === '' ? {} : { reason }) },
      });
      onSnoozed(answer.alert);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown : new Error(String(thrown)));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="alert-dialog"
      aria-labelledby="snooze-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={trapTab}
    >
      <form onSubmit={submit}>
        <h2 id="snooze-title">Snooze “{ruleName(alert.rule)}”</h2>
        <p className="muted small">
          {alert.flow} · no notifications while snoozed; if it still fires when the snooze ends, it notifies
          again.
        </p>
        <fieldset className="alert-presets">
          <legend>For how long</legend>
          {presets.map((option) => (
            <label key={option.value} className="alert-preset">
              <input
                type="radio"
                name="preset"
                value={option.value}
                checked={preset === option.value}
                onChange={() => setPreset(option.value)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
        {preset === 'custom' && (
          <div className="alert-custom">
            <label>
              Amount
              <input name="amount" type="number" min={1} step={1} defaultValue={2} required />
            </label>
            <label>
              Unit
              <select name="unit" defaultValue="hours">
                <option value="minutes">minutes</option>
                <option value="hours">hours</option>
                <option value="days">days</option>
              </select>
            </label>
          </div>
        )}
        <label>
          <span>
            Reason <span className="muted small alert-reason-note">(optional, kept in the audit log)</span>
          </span>
          <input name="reason" maxLength={200} placeholder="e.g. ERP maintenance until 18:00" />
        </label>
        {error && <ErrorBox error={error} what="snooze the alert" />}
        <div className="alert-dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={isBusy}>
            {isBusy ? 'Snoozing…' : 'Snooze'}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Keeps Tab and Shift+Tab inside the dialog (wrapping at either end). */
function trapTab(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab') return;
  const focusable = Array.from(
    event.currentTarget.querySelectorAll<HTMLElement>(
      'input:not([disabled]), select:not([disabled]), button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])',
    ),
  ).filter(
    (element) => !(element instanceof HTMLInputElement && element.type === 'radio' && !element.checked),
  );
  const first = focusable[0];
  const last = focusable.at(-1);
  if (first === undefined || last === undefined) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
