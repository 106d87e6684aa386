import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import './confirm-dialog.css';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly children?: ReactNode;
  /** The confirming button's words ("Discard", "Roll back"). */
  readonly confirmLabel: string;
  readonly isDanger?: boolean;
  /** A text the person must type exactly before the button works (e.g. the run id). */
  readonly mustType?: string;
  /** A required free-text reason, with this label (e.g. why a record is discarded). */
  readonly reasonLabel?: string;
  readonly isBusy?: boolean;
  readonly error?: ReactNode;
  readonly onConfirm: (reason: string) => void;
  readonly onCancel: () => void;
}

/**
 * A modal confirmation on the browser's own <dialog>: the page behind is inert (focus stays
 * inside), Escape cancels, focus goes to the first field and back to the opener on close.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const titleId = useId();
  const { onCancel } = props;

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCancel();
    };
    element.addEventListener('cancel', cancel);
    return () => {
      element.removeEventListener('cancel', cancel);
      element.close();
      opener?.focus();
    };
  }, [onCancel]);

  const isTypedRight = props.mustType === undefined || typed.trim() === props.mustType;
  const hasReason = props.reasonLabel === undefined || reason.trim() !== '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isTypedRight && hasReason && !props.isBusy) props.onConfirm(reason.trim());
  };

  return (
    <dialog ref={dialog} className="confirm-dialog" aria-labelledby={titleId}>
      <form onSubmit={submit}>
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
        {props.reasonLabel !== undefined && (
          <label>
            {props.reasonLabel}
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} required />
          </label>
        )}
        {props.mustType !== undefined && (
          <label>
            <span>
              Type <code>{props.mustType}</code> to confirm
            </span>
            <input
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
        )}
        {props.error}
        <div className="dialog-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className={props.isDanger ? 'danger' : 'primary'}
            disabled={!isTypedRight || !hasReason || props.isBusy}
          >
            {props.isBusy ? 'Working…' : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
