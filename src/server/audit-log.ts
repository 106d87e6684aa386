import type { JsonValue } from '../core/row.js';
import type { AccessStore } from '../store/access-store.js';

/** One operator action: who did what to which flow, run or dead letter, and when. */
export interface AuditEntry {
  readonly at: string;
  readonly action: string;
  /** The user or token the access-control plugin put on the request; "anonymous" without one. */
  readonly actor: string;
  readonly flow?: string | undefined;
  readonly target?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

export type AuditLog = (entry: AuditEntry) => Promise<void>;

/**
 * The server's audit log: the state store's, where the command line's actions go too
 * (`syncline audit` lists both). Actions are named `api.<action>` so the two can be told apart.
 */
export function storeAuditLog(access: AccessStore): AuditLog {
  return async (entry) => {
    await access.appendAudit({
      at: entry.at,
      actor: entry.actor,
      action: `api.${entry.action}`,
      target: [entry.flow === undefined ? undefined : `flow=${entry.flow}`, entry.target]
        .filter((part) => part !== undefined)
        .join(' '),
      outcome: 'ok',
      origin: 'api',
      detail: (entry.detail ?? null) as JsonValue,
    });
  };
}
