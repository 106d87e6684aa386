import { posix } from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { IntegrationError } from '../../core/integration-error.js';
import type { FileStore, OpenedFile, StoredFile } from './file-store.js';
import type { SftpConfig } from './sftp-config.js';

/**
 * A folder on an SFTP server as a FileStore (ssh2-sftp-client, loaded only when used). SFTP has
 * no inode numbers, so a file's identity is its path alone: a file replaced under the same name
 * is not told from the original (docs/connectors/files.md). A dropped connection fails the
 * operation under way as transient (`sftp-connection-lost`); the next one connects again, so
 * the engine's retry works on the same open source.
 */
export async function openSftpFileStore(system: string, config: SftpConfig): Promise<FileStore> {
  const { default: Client } = await import('ssh2-sftp-client');
  const where = `sftp://${config.username}@${config.host}:${config.port}`;
  let isLost = false;
  const connect = async (): Promise<SftpClient> => {
    const fresh: SftpClient = new Client(`syncline-${system}`);
    try {
      await fresh.connect({
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
      await fresh.end().catch(() => undefined);
      throw connectError(system, where, error);
    }
    isLost = false;
    const lose = () => {
      if (fresh === client) isLost = true;
    };
    fresh.on('close', lose);
    fresh.on('end', lose);
    return fresh;
  };
  let client = await connect();
  /** The connected client, connecting again after a drop. */
  const live = async (): Promise<SftpClient> => {
    if (!isLost) return client;
    await client.end().catch(() => undefined);
    client = await connect();
    return client;
  };
  /** An operation's failure: transient when the connection went away under it. */
  const failure = (error: unknown, what: string): unknown => {
    if (!isLost && !isConnectionError(error)) return error;
    isLost = true;
    return new IntegrationError(`System "${system}": the connection to ${where} was lost while ${what}`, {
      kind: 'transient',
      code: 'sftp-connection-lost',
      stage: 'read',
      hint: 'the run is retried; check the network and the server if it keeps failing',
      cause: error,
    });
  };
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
    const connected = await live();
    const stats = await connected.stat(path).catch((error: unknown) => {
      const lost = failure(error, `looking at ${path}`);
      if (lost instanceof IntegrationError) throw lost;
      return undefined;
    });
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
      const connected = await live();
      const entries = await (async () => {
        if ((await connected.exists(path)) !== 'd') return undefined;
        return connected.list(path);
      })().catch((error: unknown) => {
        throw failure(error, `listing ${path}`);
      });
      return entries?.map((e) => ({
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
          const stream = (await live()).createReadStream(path, { start });
          try {
            for await (const chunk of stream) yield chunk as Buffer;
          } catch (error) {
            throw failure(error, `reading ${label}`);
          } finally {
            // A read still pending when the connection drops reports later: nobody listens then.
            stream.on('error', () => undefined);
            stream.destroy();
          }
        },
        close: async () => undefined,
      };
      return opened;
    },
    async move(from, to) {
      const connected = await live();
      if ((await connected.exists(to)) !== false) throw new Error(`${to} already exists`);
      await connected.mkdir(posix.dirname(to), true);
      await connected.rename(from, to);
    },
    exists: async (path) => (await (await live()).exists(path)) !== false,
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

/** Errors of a connection that is gone (reset, closed, not answering), not of a file. */
function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'ECONNRESET' ||
    code === 'ERR_NOT_CONNECTED' ||
    /No SFTP connection|No response from server|connection (lost|reset|closed)|socket hang up/i.test(
      String(message),
    )
  );
}
