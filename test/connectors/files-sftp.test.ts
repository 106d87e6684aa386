import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
import { openFilesTarget } from '../../src/connectors/files/files-target.js';
import { filesTargetOptions } from '../../src/connectors/files/files-target-options.js';
import type { Source } from '../../src/core/connector.js';
import type { Batch } from '../../src/core/row.js';
import { startSftpServer, type TestSftpServer } from '../support/sftp-server.js';
import { expectResumeFromEveryBoundary, never, readAll, tempDir } from './helpers.js';

/** The files connector against a real SFTP server (ssh2's Server) on 127.0.0.1. */

const tmp = tempDir('files-sftp');
let server: TestSftpServer;

beforeAll(async () => {
  mkdirSync(join(tmp.dir, 'outbox', 'orders'), { recursive: true });
  server = await startSftpServer(tmp.dir);
});
afterAll(async () => {
  await server?.close();
  tmp.cleanup();
});

const sftp = (extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port: server.port,
  username: server.username,
  password: server.password,
  path: '/outbox',
  ...extra,
});
const open = (options: Record<string, unknown>, connection: Record<string, unknown> = {}, batchSize = 2) =>
  openFilesSource(
    { system: 'partner', config: filesConfig.parse({ sftp: sftp(connection) }), baseDir: tmp.dir },
    { options: filesSourceOptions.parse(options), key: [], batchSize },
  );
function put(name: string, content: string | Buffer): void {
  const path = join(tmp.dir, 'outbox', name);
  writeFileSync(path, content);
  utimesSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
}
const ids = (batches: readonly Batch[]) => batches.flatMap((b) => b.rows.map((r) => r.id));

describe('files source over SFTP', () => {
  it('reads a file (sniffed encoding and delimiter) and resumes from every batch boundary', async () => {
    put('customers.csv', iconv.encode('id;name\n1;Zoë\n2;Kœnig\n3;José\n', 'windows-1252'));
    const source = await open({ file: 'customers.csv' });
    try {
      const batches = await expectResumeFromEveryBoundary(source);
      expect(batches.flatMap((b) => b.rows)).toEqual([
        { id: '1', name: 'Zoë' },
        { id: '2', name: 'Kœnig' },
        { id: '3', name: 'José' },
      ]);
      expect(batches[0]?.warnings).toEqual([expect.stringContaining('reading it as windows-1252')]);
      expect(batches[0]?.checkpoint).toMatchObject({ file: '/outbox/customers.csv', line: 2 });
    } finally {
      await source.close();
    }
    // UTF-8 resumes by byte offset: a ranged read on the server.
    put('log.jsonl', '{"id":1,"t":"é"}\n{"id":2}\n{"id":3,"t":"🎉"}\n{"id":4}\n{"id":5}\n');
    const log = await open({ file: 'log.jsonl', follow: true });
    try {
      const batches = await expectResumeFromEveryBoundary(log);
      expect(ids(batches)).toEqual([1, 2, 3, 4, 5]);
      expect(batches[1]?.checkpoint).toMatchObject({ line: 4, bytes: 56, endLine: 4 });
    } finally {
      await log.close();
    }
  });

  it('reads a pattern in name order and archives each file once acknowledged', async () => {
    put('orders/orders-2.jsonl', '{"id":3}\n');
    put('orders/orders-1.jsonl', '{"id":1}\n{"id":2}\nnot json\n');
    put('orders/orders-3.jsonl.part', '{"id":99}\n');
    const source: Source = await open({ pattern: 'orders/orders-*.jsonl', archive: 'orders/done' });
    try {
      const batches: Batch[] = [];
      for await (const batch of source.read(undefined, never)) {
        batches.push(batch);
        await source.acknowledge?.(batch.checkpoint);
      }
      expect(ids(batches)).toEqual([1, 2, 3]);
      expect(batches.flatMap((b) => b.rejected ?? []).map((r) => r.record)).toEqual([
        { file: 'orders/orders-1.jsonl', line: 3, text: 'not json' },
      ]);
      expect(readdirSync(join(tmp.dir, 'outbox', 'orders', 'done')).sort()).toEqual([
        'orders-1.jsonl',
        'orders-2.jsonl',
      ]);
      expect(existsSync(join(tmp.dir, 'outbox', 'orders', 'orders-3.jsonl.part'))).toBe(true);
      expect(await readAll(source)).toEqual([]);
      // A new file under the name of the last one archived (no inodes over SFTP): its size and
      // time tell it from the one the checkpoint is about, so it is read from its start.
      put('orders/orders-2.jsonl', '{"id":7}\n{"id":8}\n');
      expect(ids(await readAll(source, batches.at(-1)?.checkpoint))).toEqual([7, 8]);
    } finally {
      await source.close();
    }
  });

  it('names a missing file with a suggestion, and refuses paths outside the folder', async () => {
    put('invoices.csv', 'id\n1\n');
    await expect(open({ file: 'invoice.csv' })).rejects.toMatchObject({
      kind: 'config',
      code: 'file-not-found',
      message: expect.stringContaining('did you mean "invoices.csv"'),
    });
    await expect(open({ file: '../etc/passwd' })).rejects.toMatchObject({ code: 'path-outside-dir' });
    await expect(open({ file: 'x.csv' }, { path: '/nowhere' })).rejects.toMatchObject({
      kind: 'config',
      code: 'sftp-folder-not-found',
    });
  });

  it('gives one clear config error for a wrong password', async () => {
    const error = await open({ file: 'invoices.csv' }, { password: 'wrong' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'IntegrationError',
      kind: 'config',
      code: 'sftp-auth-failed',
      message: expect.stringContaining(
        `System "partner": sftp://syncline@127.0.0.1:${server.port} refused the login`,
      ),
      hint: expect.stringContaining('sftp.password'),
    });
  });

  it('gives one clear transient error for a port nobody listens on', async () => {
    // A port that was free a moment ago: taken, then released.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await open({ file: 'invoices.csv' }, { port }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'sftp-unreachable',
      message: expect.stringContaining(`cannot reach the SFTP server sftp://syncline@127.0.0.1:${port}`),
      hint: expect.stringContaining('sftp.host and sftp.port'),
    });
  });

  it('refuses to write over SFTP with a clear config error', async () => {
    await expect(
      openFilesTarget(
        { system: 'partner', config: filesConfig.parse({ sftp: sftp() }), baseDir: tmp.dir },
        {
          options: filesTargetOptions.parse({ file: 'out.csv' }),
          key: [],
          mode: 'insert',
          resume: undefined,
        },
      ),
    ).rejects.toMatchObject({ kind: 'config', code: 'sftp-target-not-supported' });
    expect(filesConfig.safeParse({ sftp: { host: 'h', username: 'u' } }).success).toBe(false);
  });
});
