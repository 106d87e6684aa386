import type { Target, WriteMode } from '../core/connector.js';
import { encodePayload, encodeValue } from '../core/encode-payload.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Row } from '../core/row.js';
import type { StateStore } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';
import { keyText } from './key-text.js';

/** How long before-images are kept; older runs can no longer be rolled back. */
export const journalRetentionDays = 30;

/**
 * For `rollback: journal`: returns the hook that stores the before-images of the rows a batch
 * is about to write, durably, before the write. A crash after the journal and before the write
 * leaves entries whose before and current state agree, which a rollback restores harmlessly.
 */
export async function keepJournal(
  flow: CompiledFlow,
  target: Target,
  store: StateStore,
  runId: string,
  now: () => string,
): Promise<(rows: readonly Row[], mode?: WriteMode) => Promise<void>> {
  const readByKeys = target.readByKeys?.bind(target);
  if (!readByKeys) {
    throw new IntegrationError(
      `flow ${flow.name}: rollback: journal needs a target that can read records by key, and ${flow.target.connector.kind} cannot`,
      {
        kind: 'config',
        code: 'journal-unsupported',
        hint: 'remove rollback: journal from the flow, or write to a database',
      },
    );
  }
  const retention = new Date(Date.parse(now()) - journalRetentionDays * 86_400_000).toISOString();
  await store.pruneJournal(flow.name, retention);
  const key = flow.target.key;
  // mode: what the write does with these rows; mirror's closing deletes pass `delete`.
  return async (rows, mode = flow.target.mode) => {
    const current = new Map((await readByKeys(rows, key)).map((row) => [keyText(row, key), row]));
    const entries = rows.map((row) => {
      const before = current.get(keyText(row, key));
      return {
        key: key.map((column) => encodeValue(row[column])),
        before: before ? encodePayload(before) : null,
        after: mode === 'delete' ? null : encodePayload(row),
      };
    });
    await store.appendJournal(runId, flow.name, entries, now());
  };
}
