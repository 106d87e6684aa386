import { existsSync } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { IntegrationError } from '../../core/integration-error.js';
import { fileIdentity } from './file-identity.js';
import type { FileStore, OpenedFile, StoredEntry, StoredFile } from './file-store.js';
import { syncDirectory } from './sync-directory.js';

/** A local folder as a FileStore; files are identified by device and inode. */
export function localFileStore(system: string, dir: string): FileStore {
  return {
    root: dir,
    resolve(file) {
      const path = resolve(dir, file);
      const inside = relative(dir, path);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        throw new IntegrationError(`System "${system}": file "${file}" is outside the folder ${dir}`, {
          kind: 'config',
          code: 'path-outside-dir',
          hint: `Name a file inside connection.dir of system "${system}", or point dir at the folder that holds it.`,
        });
      }
      return path;
    },
    async list(folder) {
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const entries: StoredEntry[] = [];
      for (const name of names) {
        const stats = await stat(resolve(folder, name)).catch(() => undefined);
        if (stats) entries.push({ name, isFile: stats.isFile(), size: stats.size, mtimeMs: stats.mtimeMs });
      }
      return entries;
    },
    async stat(path) {
      const stats = await stat(path).catch(() => undefined);
      if (!stats?.isFile()) return undefined;
      return { identity: fileIdentity(path, stats), size: stats.size, mtimeMs: stats.mtimeMs };
    },
    open: openLocal,
    async move(from, to) {
      if (existsSync(to)) throw new Error(`${to} already exists`);
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
      await syncDirectory(dirname(to));
      await syncDirectory(dirname(from));
    },
    exists: async (path) => existsSync(path),
    async close() {},
  };
}

async function openLocal(path: string, label: string): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new IntegrationError(`File ${label} disappeared before it could be read`, {
      kind: 'transient',
      code: 'file-not-found',
      stage: 'read',
      cause: error,
    });
  }
  const stats = await handle.stat();
  const stored: StoredFile = {
    identity: fileIdentity(path, stats),
    size: stats.size,
    mtimeMs: stats.mtimeMs,
  };
  return {
    ...stored,
    bytes: (start) => chunksOf(handle, start),
    close: () => handle.close(),
  };
}

/**
 * A handle's bytes from `start`, by positional reads. Not handle.createReadStream: destroying
 * that stream (pipeline does, on the first error) closes the handle, which the caller owns.
 */
async function* chunksOf(handle: FileHandle, start: number): AsyncGenerator<Buffer> {
  let position = start;
  while (true) {
    const buffer = Buffer.allocUnsafe(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}
