import { posix } from 'node:path';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { FileStore } from './file-store.js';

/** Fails with one clear config error, and a suggestion, when a flow's `file:` is not there. */
export async function requireFile(store: FileStore, file: string, system: string): Promise<void> {
  const path = store.resolve(file);
  if ((await store.stat(path)) !== undefined) return;
  const folder = posix.dirname(file);
  const entries = (await store.list(folder === '.' ? store.root : store.resolve(folder))) ?? [];
  const suggestion = didYouMean(
    posix.basename(file),
    entries.map((entry) => entry.name),
  );
  throw new IntegrationError(
    `System "${system}": file ${path} does not exist${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
    {
      kind: 'config',
      code: 'file-not-found',
      stage: 'read',
      hint: `Check file: "${file}" and the folder of system "${system}" (${store.root}).`,
    },
  );
}
