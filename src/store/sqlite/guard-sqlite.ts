import { isSqliteBusy } from '../../connectors/sqlite/sqlite-error.js';
import { toIntegrationError } from '../../core/integration-error.js';

/** SQLite failures become IntegrationErrors; a lock held too long is worth retrying. */
export function guardSqlite<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const isBusy = isSqliteBusy(error);
    throw toIntegrationError(error, {
      kind: isBusy ? 'transient' : 'fatal',
      code: isBusy ? 'store-busy' : 'store-failed',
    });
  }
}
