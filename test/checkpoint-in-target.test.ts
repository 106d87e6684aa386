import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import { runCli, startCli } from './support/cli.js';
import { mysqlServer, postgresServer } from './support/crash-pairs.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * `checkpointInTarget` on PostgreSQL and MariaDB with a real kill between the two commits: the
 * test holds the state store's write lock, so the running CLI's next batch commits in the
 * target (its checkpoint row moves) but cannot commit in the store; the CLI is SIGKILLed there.
 * The next run must resume from the target's checkpoint (reading only what came after it, not
 * the batch again) and end with the target equal to the source.
 */

const rows = 4000;
const batchSize = 5;

interface Server {
  readonly connection: string;
  exec(sql: string): Promise<void>;
  /** The first column of the first row, as text, or undefined. */
  value(sql: string): Promise<string | undefined>;
  close(): Promise<void>;
}

async function postgresServerFor(): Promise<Server> {
  const schema = `cpt_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client(postgresServer);
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return {
    connection: `{ host: ${postgresServer.host}, port: ${postgresServer.port}, user: ${postgresServer.user}, database: ${postgresServer.database}, schema: ${schema} }`,
    exec: async (sql) => void (await client.query(sql)),
    async value(sql) {
      const result = await client.query({ text: sql, rowMode: 'array' });
      const first = result.rows[0]?.[0];
      return first === undefined || first === null ? undefined : String(first);
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

async function mysqlServerFor(): Promise<Server> {
  const database = `cpt_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({ ...mysqlServer, multipleStatements: true });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4; USE \`${database}\``);
  const password = mysqlServer.password ? `, password: ${JSON.stringify(mysqlServer.password)}` : '';
  return {
    connection: `{ host: ${mysqlServer.host}, port: ${mysqlServer.port}, user: ${mysqlServer.user}${password}, database: ${database} }`,
    exec: async (sql) => void (await admin.query(sql)),
    async value(sql) {
      const [result] = await admin.query({ sql, rowsAsArray: true });
      const first = (result as unknown[][])[0]?.[0];
      return first === undefined || first === null ? undefined : String(first);
    },
    async close() {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    },
  };
}

const servers: readonly [string, () => Promise<Server>][] = [
  ['postgres', postgresServerFor],
  ['mysql', mysqlServerFor],
];

describe.each(servers)('checkpointInTarget (%s)', (kind, open) => {
  let server: Server;
  let work: ReturnType<typeof makeTempDir>;
  const spec = () => path.join(work.dir, 'syncline.yaml');
  // 0 until the run has created the table and committed its first batch.
  const targetSeq = async () =>
    Number((await server.value('SELECT seq FROM syncline_checkpoints').catch(() => undefined)) ?? 0);

  beforeAll(async () => {
    work = makeTempDir(`checkpoint-in-target-${kind}`);
    server = await open();
    await server.exec(
      'CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, version INT NOT NULL)',
    );
    await server.exec(
      'CREATE TABLE items_copy (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL, version INT NOT NULL)',
    );
    const values = Array.from({ length: rows }, (_, i) => `(${i + 1}, 'Item ${i + 1}', ${i + 1})`);
    await server.exec(`INSERT INTO items (id, name, version) VALUES ${values.join(', ')}`);
    writeFileSync(
      spec(),
      `version: 1
project: { name: checkpoint in target on ${kind} }
systems:
  src: { kind: ${kind}, connection: ${server.connection} }
  dst: { kind: ${kind}, connection: ${server.connection} }
flows:
  copy:
    from: { system: src, table: items, key: id, cursor: version, batchSize: ${batchSize} }
    to: { system: dst, table: items_copy, key: id, mode: upsert, checkpointInTarget: true }
`,
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    work?.remove();
  });

  it('resumes after the batch the target committed when the process died before the store did', async () => {
    const child = startCli(['run', 'copy', '--spec', spec()], work.dir);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(async () => (await targetSeq()) >= 1);

    // Hold the store's write lock: from here the run's next batch commits in the target only
    // (the run then waits for the store). Kill it once the target is ahead of the store.
    const lock = new Database(path.join(work.dir, '.syncline', 'state.db'), { timeout: 10_000 });
    lock.exec('BEGIN IMMEDIATE');
    const storeSeq = () => {
      const row = lock.prepare("SELECT checkpoint FROM checkpoints WHERE flow = 'copy'").get() as
        | { checkpoint: string }
        | undefined;
      return (
        (JSON.parse(row?.checkpoint ?? '{}') as { target?: { checkpointSeq?: number } }).target
          ?.checkpointSeq ?? 0
      );
    };
    await until(async () => (await targetSeq()) > storeSeq());
    child.kill('SIGKILL');
    await exited;
    lock.exec('ROLLBACK');
    lock.close();

    const seq = await targetSeq();
    const kept = JSON.parse(
      (await server.value('SELECT checkpoint FROM syncline_checkpoints')) ?? 'null',
    ) as {
      key: number[];
    };
    const store = await openSqliteStore(path.join(work.dir, '.syncline', 'state.db'));
    const stored = await store.loadCheckpoint('copy');
    await store.close();
    // The kill landed between the two commits: the store is behind the target. It may have
    // landed before the store's first commit: no checkpoint there counts as 0, as in storeSeq.
    expect((stored?.target as { checkpointSeq?: number } | undefined)?.checkpointSeq ?? 0).toBeLessThan(seq);
    const lastKept = kept.key[0] ?? 0;
    expect(Number(await server.value('SELECT COUNT(*) FROM items_copy'))).toBe(lastKept);

    const result = runCli(['run', 'copy', '--json', '--spec', spec()]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('resuming from the checkpoint the target committed with its last batch');
    const run = (JSON.parse(result.stdout) as { runs: { read: number; status: string }[] }).runs[0];
    expect(run?.status).toBe('succeeded');
    // Only what came after the target's checkpoint was read again, not the batch the store missed.
    expect(run?.read).toBe(rows - lastKept);
    expect(Number(await server.value('SELECT COUNT(*) FROM items_copy'))).toBe(rows);
    const differences = await server.value(
      'SELECT COUNT(*) FROM items s LEFT JOIN items_copy t ON t.id = s.id WHERE t.id IS NULL OR t.name <> s.name OR t.version <> s.version',
    );
    expect(Number(differences)).toBe(0);
  });

  it('starts from the state store when it is not behind, and after a reset', async () => {
    const again = runCli(['run', 'copy', '--json', '--spec', spec()]);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('resuming from the checkpoint the target committed');
    expect((JSON.parse(again.stdout) as { runs: { read: number }[] }).runs[0]?.read).toBe(0);

    expect(runCli(['reset', 'copy', '--spec', spec()]).status).toBe(0);
    const fresh = runCli(['run', 'copy', '--json', '--spec', spec()]);
    expect(fresh.status).toBe(0);
    expect((JSON.parse(fresh.stdout) as { runs: { read: number }[] }).runs[0]?.read).toBe(rows);
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting for the run');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
