import { existsSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../store/state-store.js';
import { CliExit, exitCode } from './exit-code.js';

/**
 * Opens the state store beside the spec without checking the spec: users, tokens, secrets and
 * the audit log must stay manageable while the spec has problems (or needs a secret to load).
 */
export async function withStateStore<T>(specPath: string, fn: (store: StateStore) => Promise<T>): Promise<T> {
  const spec = path.resolve(specPath);
  if (!existsSync(spec)) {
    throw new CliExit(
      exitCode.usage,
      `no spec at ${spec}: the state store lives beside it (.syncline/state.db); run in the project folder or pass --spec`,
    );
  }
  const store = await openSqliteStore(path.join(path.dirname(spec), '.syncline', 'state.db'));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
