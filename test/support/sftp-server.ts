import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  type Stats,
  statSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, posix } from 'node:path';
import ssh2 from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;

export interface TestSftpServer {
  readonly port: number;
  readonly username: string;
  readonly password: string;
  close(): Promise<void>;
}

/**
 * A real SFTP server for tests: the ssh2 package's Server with its SFTP subsystem, on
 * 127.0.0.1 and a free port, serving `root` as "/" to one user with a password. It answers the
 * requests a client needs to list, stat, read, rename and create folders (read-only opens).
 */
export async function startSftpServer(root: string): Promise<TestSftpServer> {
  const username = 'syncline';
  const password = `pw-${process.pid}`;
  const hostKey = utils.generateKeyPairSync('ed25519').private;
  const local = (path: string) => join(root, posix.resolve('/', path));

  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (context) => {
      if (context.method === 'password' && context.username === username && context.password === password) {
        context.accept();
      } else {
        context.reject(['password']);
      }
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        acceptSession().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const handles = new Map<number, { fd?: number; dir?: string; listed?: boolean }>();
          let next = 0;
          const newHandle = (value: { fd?: number; dir?: string }) => {
            const id = next++;
            handles.set(id, value);
            const buffer = Buffer.alloc(4);
            buffer.writeUInt32BE(id);
            return buffer;
          };
          const handleOf = (buffer: Buffer) =>
            buffer.length === 4 ? handles.get(buffer.readUInt32BE(0)) : undefined;
          const attempt = (reqid: number, work: () => void) => {
            try {
              work();
            } catch (error) {
              const code = (error as NodeJS.ErrnoException).code;
              sftp.status(reqid, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : STATUS_CODE.FAILURE);
            }
          };
          sftp.on('REALPATH', (reqid, path) =>
            attempt(reqid, () => {
              const resolved = posix.resolve('/', path);
              sftp.name(reqid, [
                { filename: resolved, longname: resolved, attrs: attrsOf(statSync(local(resolved))) },
              ]);
            }),
          );
          for (const event of ['STAT', 'LSTAT'] as const) {
            sftp.on(event, (reqid: number, path: string) =>
              attempt(reqid, () => sftp.attrs(reqid, attrsOf(statSync(local(path))))),
            );
          }
          sftp.on('FSTAT', (reqid, handle) =>
            attempt(reqid, () => sftp.attrs(reqid, attrsOf(fstatSync(handleOf(handle)?.fd ?? -1)))),
          );
          sftp.on('OPEN', (reqid, path) =>
            attempt(reqid, () => sftp.handle(reqid, newHandle({ fd: openSync(local(path), 'r') }))),
          );
          sftp.on('READ', (reqid, handle, offset, length) =>
            attempt(reqid, () => {
              const buffer = Buffer.alloc(length);
              const read = readSync(handleOf(handle)?.fd ?? -1, buffer, 0, length, offset);
              if (read === 0) sftp.status(reqid, STATUS_CODE.EOF);
              else sftp.data(reqid, buffer.subarray(0, read));
            }),
          );
          sftp.on('OPENDIR', (reqid, path) =>
            attempt(reqid, () => {
              if (!statSync(local(path)).isDirectory())
                throw Object.assign(new Error('not a folder'), { code: 'ENOENT' });
              sftp.handle(reqid, newHandle({ dir: local(path) }));
            }),
          );
          sftp.on('READDIR', (reqid, handle) =>
            attempt(reqid, () => {
              const entry = handleOf(handle);
              if (entry?.dir === undefined || entry.listed) return sftp.status(reqid, STATUS_CODE.EOF);
              entry.listed = true;
              const names = readdirSync(entry.dir).map((name) => {
                const stats = statSync(join(entry.dir as string, name));
                const type = stats.isDirectory() ? 'd' : '-';
                return {
                  filename: name,
                  longname: `${type}rw-r--r-- 1 u g ${stats.size} Jan 1 00:00 ${name}`,
                  attrs: attrsOf(stats),
                };
              });
              sftp.name(reqid, names);
            }),
          );
          sftp.on('CLOSE', (reqid, handle) =>
            attempt(reqid, () => {
              const entry = handleOf(handle);
              if (entry?.fd !== undefined) closeSync(entry.fd);
              handles.delete(handle.readUInt32BE(0));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          sftp.on('RENAME', (reqid, from, to) =>
            attempt(reqid, () => {
              renameSync(local(from), local(to));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
          sftp.on('MKDIR', (reqid, path) =>
            attempt(reqid, () => {
              mkdirSync(local(path));
              sftp.status(reqid, STATUS_CODE.OK);
            }),
          );
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    username,
    password,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Connected clients keep the server open; ending them lets it finish.
        for (const client of clients) client.end();
      }),
  };
}

function attrsOf(stats: Stats) {
  return {
    mode: stats.mode,
    uid: 0,
    gid: 0,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}
