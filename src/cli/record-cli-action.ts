import type { JsonValue } from '../core/row.js';
import { createAuditLog } from '../server/auth/audit-log.js';
import type { AuditOutcome } from '../store/access-store.js';
import type { StateStore } from '../store/state-store.js';
import { operatorName } from './operator-name.js';

/** Records an operator action taken on the command line in the store's audit log. */
export async function recordCliAction(
  store: StateStore,
  action: {
    readonly action: string;
    readonly target?: string | undefined;
    readonly outcome?: AuditOutcome | undefined;
    readonly detail?: JsonValue | undefined;
  },
): Promise<void> {
  await createAuditLog(store.access)({ ...action, actor: operatorName(), origin: 'cli' });
}
