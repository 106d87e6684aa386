import { IntegrationError } from '../../core/integration-error.js';
import { isSameInode, savedIdentity } from './file-identity.js';
import type { FileStore } from './file-store.js';

/**
 * Moves a file whose records are all durable into the archive folder, under its own name
 * (`name.1.csv`, `name.2.csv`, ... when that is taken: an archive never overwrites). Nothing
 * happens when the file is gone (moved by an earlier acknowledge) or is not the file the
 * checkpoint was taken in (another inode, or size or time: replaced since, its records unread).
 */
export async function archiveFile(
  store: FileStore,
  position: Readonly<Record<string, unknown>>,
  archiveDir: string,
  system: string,
): Promise<void> {
  const saved = savedIdentity(position);
  if (saved === undefined) return;
  const current = await store.stat(saved.file);
  if (current === undefined || !isSameInode(saved, current.identity)) return;
  // Over SFTP (no inodes), size and time tell a new file under the same name.
  if (
    typeof position.size === 'number' &&
    (position.size !== current.size || position.mtimeMs !== current.mtimeMs)
  )
    return;
  const name = baseName(saved.file);
  try {
    for (let attempt = 0; ; attempt++) {
      const target = joinPath(archiveDir, attempt === 0 ? name : numbered(name, attempt));
      if (await store.exists(target)) continue;
      await store.move(saved.file, target);
      return;
    }
  } catch (error) {
    throw new IntegrationError(
      `System "${system}": could not move ${saved.file} to the archive folder ${archiveDir}: ${(error as Error).message}`,
      {
        kind: 'transient',
        code: 'archive-failed',
        stage: 'read',
        hint: 'Its records are written and checkpointed; check the archive folder exists and is writable. The next run moves the file.',
        cause: error,
      },
    );
  }
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

function joinPath(dir: string, name: string): string {
  const separator = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(separator) ? `${dir}${name}` : `${dir}${separator}${name}`;
}

function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}.${n}${name.slice(dot)}` : `${name}.${n}`;
}
