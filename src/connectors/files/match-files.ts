import { posix } from 'node:path';
import { IntegrationError } from '../../core/integration-error.js';
import type { FileStore } from './file-store.js';

/** Names of files still being written by the usual tools: never picked up by a pattern. */
const tempSuffixes = ['.part', '.tmp', '.crdownload', '.partial', '.filepart', '~'];

export interface MatchedFile {
  /** Relative to the system's folder, with `/` separators (as the pattern is written). */
  readonly name: string;
  readonly path: string;
}

/**
 * The files a `pattern:` names, in name order: `*` matches any run of characters and `?` one,
 * within the last path segment only (`in/orders-*.csv`). Files with a temporary suffix
 * (.part, .tmp, .crdownload, ~, ...), hidden files (.name) and files modified less than
 * `settleMs` ago are left out: they may still be being written (docs/decisions/0009).
 */
export async function matchFiles(
  store: FileStore,
  pattern: string,
  settleMs: number,
  now: number = Date.now(),
): Promise<readonly MatchedFile[]> {
  const folder = posix.dirname(pattern);
  const glob = posix.basename(pattern);
  if (/[*?[\]]/.test(folder)) {
    throw new IntegrationError(`pattern "${pattern}": wildcards are only allowed in the file name`, {
      kind: 'config',
      code: 'pattern-invalid',
      hint: 'Put the folder before the wildcard part: in/orders-*.csv.',
    });
  }
  const dir = folder === '.' ? store.root : store.resolve(folder);
  const entries = (await store.list(dir)) ?? [];
  const regex = globRegex(glob);
  return entries
    .filter((entry) => entry.isFile && regex.test(entry.name) && !entry.name.startsWith('.'))
    .filter((entry) => !tempSuffixes.some((suffix) => entry.name.toLowerCase().endsWith(suffix)))
    .filter((entry) => now - entry.mtimeMs >= settleMs)
    .map((entry) => {
      const name = folder === '.' ? entry.name : `${folder}/${entry.name}`;
      return { name, path: store.resolve(name) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function globRegex(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
