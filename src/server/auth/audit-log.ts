import type { JsonValue } from '../../core/row.js';
import type { AccessStore, AuditOutcome } from '../../store/access-store.js';

/** One operator action to record: who did what to which target, and how it ended. */
export interface AuditAction {
  readonly actor: string;
  readonly action: string;
  readonly target?: string | undefined;
  /** Defaults to ok. */
  readonly outcome?: AuditOutcome | undefined;
  readonly origin?: string | undefined;
  readonly detail?: JsonValue | undefined;
}

export type Audit = (action: AuditAction) => Promise<void>;

/** The audit function the server and the CLI call: appends to the state store's audit log. */
export function createAuditLog(store: AccessStore, now: () => Date = () => new Date()): Audit {
  return async function audit(action) {
    await store.appendAudit({
      at: now().toISOString(),
      actor: action.actor,
      action: action.action,
      target: action.target,
      outcome: action.outcome ?? 'ok',
      origin: action.origin,
      detail: action.detail,
    });
  };
}
