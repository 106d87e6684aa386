import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sqliteConfig } from '../../src/connectors/sqlite/sqlite-config.js';
import { openSqliteTarget } from '../../src/connectors/sqlite/sqlite-target.js';
import { sqliteTargetOptions } from '../../src/connectors/sqlite/sqlite-target-options.js';
import type { Target, WriteMode } from '../../src/core/connector.js';
import { isIssue } from '../../src/core/issue.js';
import type { Row } from '../../src/core/row.js';
import { never, tempDir } from './helpers.js';
import { expectIdempotentUpsert, expectUnknownFieldsRefused } from './sql-connector-expectations.js';

const tmp = tempDir('sqlite-target');
afterAll(tmp.cleanup);
let file: string;
let db: Database.Database;
let n = 0;

beforeEach(() => {
  file = `dst-${++n}.db`;
  db = new Database(join(tmp.dir, file));
  db.defaultSafeIntegers(false);
  return () => db.close();
});

function open(
  table: string,
  mode: WriteMode = 'upsert',
  key: string[] = [],
  config: Record<string, unknown> = {},
): Promise<Target> {
  return openSqliteTarget(
    { system: 'erp', config: sqliteConfig.parse({ path: file, ...config }), baseDir: tmp.dir },
    { options: sqliteTargetOptions.parse({ table }), key, mode, resume: undefined },
  );
}

const all = (sql = 'SELECT * FROM t ORDER BY 1') => db.prepare(sql).all();

describe('sqlite target', () => {
  it('upserts idempotently: the same batch twice leaves the same table', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)');
    db.exec("INSERT INTO t VALUES (2, 'old', 0)");
    const target = await open('t', 'upsert', ['id']);
    await expectIdempotentUpsert(target, () => all());
    await target.close();
  });

  it('upserts by a composite unique index, and does not touch columns the row does not carry', async () => {
    db.exec('CREATE TABLE t (a TEXT, b INTEGER, v TEXT, keep TEXT, UNIQUE (b, a))');
    db.exec("INSERT INTO t VALUES ('x', 1, 'old', 'kept')");
    const target = await open('t', 'upsert', ['a', 'b']);
    await target.write(
      {
        rows: [
          { a: 'x', b: 1, v: 'new' },
          { a: 'y', b: 1, v: 'n2' },
        ],
        key: ['a', 'b'],
        mode: 'upsert',
      },
      never,
    );
    expect(all()).toEqual([
      { a: 'x', b: 1, v: 'new', keep: 'kept' },
      { a: 'y', b: 1, v: 'n2', keep: null },
    ]);
    await target.close();
  });

  it('converts values for binding: boolean, Date, object, Uint8Array, bigint, undefined', async () => {
    db.exec(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER, at TEXT, doc TEXT, bin BLOB, big INTEGER, d TEXT DEFAULT 'dflt')",
    );
    const target = await open('t', 'insert');
    const row = {
      id: 1,
      flag: true,
      at: new Date('2024-05-06T07:08:09.000Z'),
      doc: { tags: ['a'], n: 5n },
      bin: new Uint8Array([1, 2, 3]),
      big: 9223372036854775807n,
      d: undefined,
    };
    expect(await target.write({ rows: [row], key: [], mode: 'insert' }, never)).toEqual({
      written: 1,
      rejected: [],
    });
    db.defaultSafeIntegers(true);
    expect(all()).toEqual([
      {
        id: 1n,
        flag: 1n,
        at: '2024-05-06T07:08:09.000Z',
        doc: '{"tags":["a"],"n":"5"}',
        bin: Buffer.from([1, 2, 3]),
        big: 9223372036854775807n,
        d: 'dflt',
      },
    ]);
    expect(row.doc.tags).toEqual(['a']); // the row is not changed
    await target.close();
  });

  it('returns rows SQLite refuses as rejected issues and commits the others', async () => {
    db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER CHECK (qty >= 0))`);
    const target = await open('t', 'insert');
    const rows: Row[] = [
      { id: 1, name: 'ok', qty: 1 },
      { id: 2, name: null, qty: 1 },
      { id: 3, name: 'neg', qty: -1 },
      { id: 1, name: 'dup', qty: 1 },
      { id: 4, name: 'ok too', qty: 2 },
    ];
    const result = await target.write({ rows, key: ['id'], mode: 'insert' }, never);
    expect(result.written).toBe(2);
    expect(result.rejected.map((r) => [r.index, r.issue.code, r.issue.path])).toEqual([
      [1, 'not-null', 'name'],
      [2, 'check-failed', ''],
      [3, 'duplicate-key', 'id'],
    ]);
    expect(result.rejected[0]?.issue.message).toContain('NOT NULL constraint failed: t.name');
    expect(result.rejected.every((r) => isIssue(r.issue) && r.issue.stage === 'write')).toBe(true);
    expect(all().map((r) => (r as Row).id)).toEqual([1, 4]);
    await target.close();
  });

  it('rejects a type mismatch in a STRICT table and a foreign key violation', async () => {
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); INSERT INTO p VALUES (1)');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, p INTEGER REFERENCES p (id)) STRICT');
    const target = await open('t', 'upsert');
    const result = await target.write(
      {
        rows: [
          { id: 1, n: 'abc', p: 1 },
          { id: 2, n: 2, p: 9 },
          { id: 3, n: 3, p: 1 },
        ],
        key: ['id'],
        mode: 'upsert',
      },
      never,
    );
    expect(result.rejected.map((r) => [r.index, r.issue.code, r.issue.path])).toEqual([
      [0, 'type-mismatch', 'n'],
      [1, 'foreign-key', ''],
    ]);
    expect(result.written).toBe(1);
    await target.close();
  });

  it('updates existing rows, rejects missing ones, and deletes idempotently', async () => {
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
    const target = await open('t', 'update');
    const updated = await target.write(
      {
        rows: [
          { id: 1, name: 'A' },
          { id: 9, name: 'Z' },
        ],
        key: ['id'],
        mode: 'update',
      },
      never,
    );
    expect(updated.written).toBe(1);
    expect(updated.rejected.map((r) => [r.index, r.issue.code])).toEqual([[1, 'row-not-found']]);
    const deletion = {
      rows: [{ id: 2, name: 'ignored', extra: 'ignored' }, { id: 3 }],
      key: ['id'],
      mode: 'delete' as const,
    };
    expect(await target.write(deletion, never)).toEqual({ written: 2, rejected: [] });
    expect(await target.write(deletion, never)).toEqual({ written: 2, rejected: [] });
    expect(all()).toEqual([{ id: 1, name: 'A' }]);
    const keyless = await target.write({ rows: [{ name: 'no id' }], key: ['id'], mode: 'update' }, never);
    expect(keyless.rejected[0]?.issue).toMatchObject({ code: 'key-missing', path: 'id' });
    await target.close();
  });

  it('reads current rows by single and composite keys', async () => {
    db.exec(
      "CREATE TABLE t (a TEXT, b INTEGER, v TEXT, PRIMARY KEY (a, b)); INSERT INTO t VALUES ('x', 1, 'one'), ('x', 2, 'two'), ('y', 1, 'three')",
    );
    const target = await open('t');
    const found = await target.readByKeys?.(
      [
        { a: 'x', b: 2 },
        { a: 'y', b: 1 },
        { a: 'q', b: 1 },
        { a: null, b: 1 },
      ],
      ['a', 'b'],
    );
    expect([...(found ?? [])].sort((l, r) => String(l.v).localeCompare(String(r.v)))).toEqual([
      { a: 'y', b: 1, v: 'three' },
      { a: 'x', b: 2, v: 'two' },
    ]);
    const many = Array.from({ length: 1200 }, (_, i) => ({ a: 'x', b: i }));
    expect(await target.readByKeys?.(many, ['a', 'b'])).toHaveLength(2);
    expect(await target.readByKeys?.([{ b: 1 }], ['b'])).toHaveLength(2);
    await target.close();
  });

  it('reports a lock held by another process as transient', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const target = await open('t', 'upsert', [], { busyTimeout: 50 });
    db.exec('BEGIN IMMEDIATE');
    await expect(
      target.write({ rows: [{ id: 1 }], key: ['id'], mode: 'upsert' }, never),
    ).rejects.toMatchObject({
      kind: 'transient',
      code: 'sqlite-busy',
      stage: 'write',
    });
    db.exec('ROLLBACK');
    expect(await target.write({ rows: [{ id: 1 }], key: ['id'], mode: 'upsert' }, never)).toEqual({
      written: 1,
      rejected: [],
    });
    await target.close();
  });

  it('quotes table and column names safely', async () => {
    db.exec('CREATE TABLE "odd ""name""" ("order" INTEGER PRIMARY KEY, "group key" TEXT)');
    const target = await open('odd "name"');
    await target.write({ rows: [{ order: 1, 'group key': 'x' }], key: ['order'], mode: 'upsert' }, never);
    await target.write({ rows: [{ order: 1, 'group key': 'y' }], key: ['order'], mode: 'upsert' }, never);
    expect(all('SELECT * FROM "odd ""name"""')).toEqual([{ order: 1, 'group key': 'y' }]);
    expect(await target.readByKeys?.([{ order: 1 }], ['order'])).toEqual([{ order: 1, 'group key': 'y' }]);
    await target.close();
  });

  it('switches the database to WAL', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const target = await open('t');
    const other = new Database(join(tmp.dir, file), { readonly: true });
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    other.close();
    await target.close();
  });
});

describe('sqlite target: configuration errors', () => {
  it('names a missing table with a suggestion', async () => {
    db.exec('CREATE TABLE clients (id INTEGER PRIMARY KEY)');
    await expect(open('client')).rejects.toMatchObject({
      code: 'table-not-found',
      message: 'System "erp" has no table "client" — did you mean "clients"?',
    });
  });

  it('asks for a unique index when upserting by a key without one', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, email TEXT)');
    await expect(open('t', 'upsert', ['email'])).rejects.toMatchObject({
      kind: 'config',
      code: 'unique-key-required',
      hint: 'Add one: CREATE UNIQUE INDEX "t_email_key" ON "t" ("email");',
    });
    db.exec('CREATE UNIQUE INDEX partial_email ON t (email) WHERE email IS NOT NULL');
    await expect(open('t', 'upsert', ['email'])).rejects.toMatchObject({ code: 'unique-key-required' });
  });

  it('names row fields that are not columns, before writing anything', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    const target = await open('t');
    await expectUnknownFieldsRefused(target);
    expect(all()).toEqual([]);
    await target.close();
  });

  it('refuses keyless updates and mirrors, and views', async () => {
    db.exec('CREATE TABLE t (a TEXT); CREATE VIEW v AS SELECT a FROM t');
    await expect(open('t', 'mirror')).rejects.toMatchObject({ code: 'key-required' });
    await expect(open('t', 'update')).rejects.toMatchObject({ code: 'key-required' });
    await expect(open('v', 'insert')).rejects.toMatchObject({ code: 'target-is-view' });
  });
});
