import { posix } from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { IntegrationError } from '../../core/integration-error.js';
import type { FileStore, OpenedFile, StoredFile } from './file-store.js';
import type { SftpConfig } from './sftp-config.js';

/**
 * A folder on an SFTP server as a FileStore (ssh2-sftp-client, loaded only when used). SFTP has
 * no inode numbers, so a file's identity is its path alone: a file replaced under the same name
 * is not told from the original (docs/connectors/files.md).
 */
export async function openSftpFileStore(system: string, config: SftpConfig): Promise<FileStore> {
  const { default: Client } = await import('ssh2-sftp-client');
  const client: SftpClient = new Client(`syncline-${system}`);
  const where = `sftp://${config.username}@${config.host}:${config.port}`;
  try {
    await client.connect({
      host: config.host,
      port: config.port,
      username: config.username,
      readyTimeout: config.readyTimeout,
      retries: 0,
      ...(config.password === undefined ? {} : { password: config.password }),
      ...(config.privateKey === undefined ? {} : { privateKey: config.privateKey }),
      ...(config.passphrase === undefined ? {} : { passphrase: config.passphrase }),
    });
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectError(system, where, error);
  }
  let root: string;
  try {
    // realPath answers '' for a path that does not exist: check the folder first.
    if ((await client.exists(config.path)) !== 'd') throw new Error('no such folder');
    root = await client.realPath(config.path);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new IntegrationError(
      `System "${system}": folder ${config.path} on ${where} is not there: ${(error as Error).message}`,
      {
        kind: 'config',
        code: 'sftp-folder-not-found',
        hint: `Check sftp.path of system "${system}" (relative paths start in the login folder).`,
        cause: error,
      },
    );
  }

  const stat = async (path: string): Promise<StoredFile | undefined> => {
    const stats = await client.stat(path).catch(() => undefined);
    if (!stats?.isFile) return undefined;
    return { identity: { file: path, dev: 0, ino: 0 }, size: stats.size, mtimeMs: stats.modifyTime };
  };

  return {
    root: `${where}${root}`,
    resolve(file) {
      const path = posix.resolve(root, file);
      const inside = posix.relative(root, path);
      if (inside === '' || inside.startsWith('..') || posix.isAbsolute(inside)) {
        throw new IntegrationError(
          `System "${system}": file "${file}" is outside the folder ${root} on ${where}`,
          {
            kind: 'config',
            code: 'path-outside-dir',
            hint: `Name a file inside sftp.path of system "${system}".`,
          },
        );
      }
      return path;
    },
    async list(dir) {
      const path = dir.startsWith(where) ? dir.slice(where.length) : dir;
      if ((await client.exists(path)) !== 'd') return undefined;
      const entries = await client.list(path);
      return entries.map((e) => ({
        name: e.name,
        isFile: e.type === '-',
        size: e.size,
        mtimeMs: e.modifyTime,
      }));
    },
    stat,
    async open(path, label) {
      const stored = await stat(path);
      if (stored === undefined) {
        throw new IntegrationError(`File ${label} disappeared before it could be read`, {
          kind: 'transient',
          code: 'file-not-found',
          stage: 'read',
        });
      }
      const opened: OpenedFile = {
        ...stored,
        async *bytes(start) {
          const stream = client.createReadStream(path, { start });
          try {
            for await (const chunk of stream) yield chunk as Buffer;
          } finally {
            stream.destroy();
          }
        },
        close: async () => undefined,
      };
      return opened;
    },
    async move(from, to) {
      if ((await client.exists(to)) !== false) throw new Error(`${to} already exists`);
      await client.mkdir(posix.dirname(to), true);
      await client.rename(from, to);
    },
    exists: async (path) => (await client.exists(path)) !== false,
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

function connectError(system: string, where: string, error: unknown): IntegrationError {
  const message = (error as Error).message ?? String(error);
  if (/authentication|auth methods|permission denied/i.test(message)) {
    return new IntegrationError(`System "${system}": ${where} refused the login (${message})`, {
      kind: 'config',
      code: 'sftp-auth-failed',
      hint: `Check sftp.username and sftp.password or sftp.privateKey of system "${system}".`,
      cause: error,
    });
  }
  return new IntegrationError(`System "${system}": cannot reach the SFTP server ${where} (${message})`, {
    kind: 'transient',
    code: 'sftp-unreachable',
    hint: `Check sftp.host and sftp.port of system "${system}", and that the server is running.`,
    cause: error,
  });
}
