import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sqliteConfig } from '../../src/connectors/sqlite/sqlite-config.js';
import { openSqliteSource } from '../../src/connectors/sqlite/sqlite-source.js';
import { sqliteSourceOptions } from '../../src/connectors/sqlite/sqlite-source-options.js';
import type { Source } from '../../src/core/connector.js';
import type { Row } from '../../src/core/row.js';
import { expectResumeFromEveryBoundary, never, readAll, tempDir } from './helpers.js';
import { expectPagedByCompositeKey, rowsOf } from './sql-connector-expectations.js';

const tmp = tempDir('sqlite-source');
afterAll(tmp.cleanup);
let file: string;
let db: Database.Database;
let n = 0;

beforeEach(() => {
  file = `src-${++n}.db`;
  db = new Database(join(tmp.dir, file));
  return () => db.close();
});

function open(options: Record<string, unknown>, key: string[] = [], batchSize = 3): Promise<Source> {
  return openSqliteSource(
    { system: 'crm', config: sqliteConfig.parse({ path: file }), baseDir: tmp.dir },
    { options: sqliteSourceOptions.parse(options), key, batchSize },
  );
}

describe('sqlite source: full read', () => {
  it('pages by a composite key and resumes from every batch boundary without gap or duplicate', async () => {
    db.exec('CREATE TABLE lines (order_id INTEGER, line INTEGER, sku TEXT, PRIMARY KEY (order_id, line))');
    const insert = db.prepare('INSERT INTO lines VALUES (?, ?, ?)');
    for (let o = 5; o >= 1; o--) for (let l = 1; l <= 3; l++) insert.run(o, l, `sku-${o}-${l}`);
    const source = await open({ table: 'lines' });
    await expectPagedByCompositeKey(source);
    await source.close();
  });

  it('uses the primary key when no key is given, and applies where:', async () => {
    db.exec(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT); INSERT INTO t VALUES (1,'a'),(2,'draft'),(3,'b'),(4,'c')",
    );
    const source = await open({ table: 'T', where: "status <> 'draft'" }, [], 2);
    expect(rowsOf(await readAll(source)).map((r) => r.id)).toEqual([1, 3, 4]);
    await source.close();
  });

  it('keeps SQLite types: bigint beyond 2^53, real, unicode text, blob, null', async () => {
    db.exec('CREATE TABLE v (id INTEGER PRIMARY KEY, big INTEGER, r REAL, t TEXT, b BLOB, z TEXT)');
    db.prepare('INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)').run(
      9007199254740993n,
      -9223372036854775808n,
      1.25,
      'Zoë 😀 Ærø — 東京',
      Buffer.from([0, 255, 7]),
      null,
    );
    db.prepare('INSERT INTO v VALUES (1, 42, 0.5, ?, NULL, NULL)').run('');
    const source = await open({ table: 'v' }, ['id'], 1);
    const batches = await expectResumeFromEveryBoundary(source);
    const [small, large] = rowsOf(batches);
    expect(small).toEqual({ id: 1, big: 42, r: 0.5, t: '', b: null, z: null });
    expect(large?.id).toBe(9007199254740993n);
    expect(large?.big).toBe(-9223372036854775808n);
    expect(large?.r).toBe(1.25);
    expect(large?.t).toBe('Zoë 😀 Ærø — 東京');
    expect(large?.b).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(large?.b)).toBe(false);
    expect(Array.from(large?.b as Uint8Array)).toEqual([0, 255, 7]);
    expect(large?.z).toBeNull();
    // A bigint key survives the JSON checkpoint.
    expect(JSON.parse(JSON.stringify(batches[1]?.checkpoint))).toMatchObject({
      key: [{ $bigint: '9007199254740993' }],
    });
    await source.close();
  });

  it('pages by a text and a blob key', async () => {
    db.exec('CREATE TABLE k (name TEXT, tag BLOB, PRIMARY KEY (name, tag)) WITHOUT ROWID');
    const insert = db.prepare('INSERT INTO k VALUES (?, ?)');
    for (const name of ['b', 'a', 'é', 'A']) for (const tag of [2, 1]) insert.run(name, Buffer.from([tag]));
    const source = await open({ table: 'k' }, [], 3);
    const rows = rowsOf(await expectResumeFromEveryBoundary(source));
    expect(rows.map((r) => `${r.name}${(r.tag as Uint8Array)[0]}`)).toEqual([
      'A1',
      'A2',
      'a1',
      'a2',
      'b1',
      'b2',
      'é1',
      'é2',
    ]);
    await source.close();
  });

  it('stops between batches on abort with the signal reason, and resumes from the last batch', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 1; i <= 10; i++) insert.run(i);
    const source = await open({ table: 't' }, ['id'], 3);
    const controller = new AbortController();
    const seen: Row[] = [];
    let last: unknown;
    const reading = (async () => {
      for await (const batch of source.read(undefined, controller.signal)) {
        seen.push(...batch.rows);
        last = batch.checkpoint;
        if (seen.length === 6) controller.abort(new Error('shutting down'));
      }
    })();
    await expect(reading).rejects.toThrow('shutting down');
    expect(seen.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const rest = rowsOf(await readAll(source, last as never));
    expect(rest.map((r) => r.id)).toEqual([7, 8, 9, 10]);
    await source.close();
  });
});

describe('sqlite source: incremental', () => {
  it('orders by cursor then key, reads NULL cursors first, resumes from every boundary, then sees only changes', async () => {
    db.exec('CREATE TABLE c (id INTEGER PRIMARY KEY, name TEXT, updated_at TEXT)');
    const insert = db.prepare('INSERT INTO c VALUES (?, ?, ?)');
    insert.run(1, 'a', '2024-01-02');
    insert.run(2, 'b', '2024-01-01');
    insert.run(3, 'c', '2024-01-02');
    insert.run(4, 'd', null);
    insert.run(5, 'e', '2024-01-03');
    insert.run(6, 'f', null);
    insert.run(7, 'g', '2024-01-02');
    const source = await open({ table: 'c', cursor: 'updated_at' }, ['id'], 2);
    expect(source.incremental).toBe(true);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(rowsOf(batches).map((r) => r.id)).toEqual([4, 6, 2, 1, 3, 7, 5]);
    const identity = { table: 'c', keyColumns: ['id'], cursorColumn: 'updated_at' };
    expect(batches[0]?.checkpoint).toEqual({ ...identity, cursor: null, key: [6] });
    expect(batches[1]?.checkpoint).toEqual({ ...identity, cursor: '2024-01-02', key: [1] });
    const end = batches.at(-1)?.checkpoint;
    expect(await readAll(source, end)).toEqual([]);

    db.prepare("UPDATE c SET name = 'B', updated_at = '2024-01-04' WHERE id = 2").run();
    insert.run(8, 'h', '2024-01-03'); // same cursor as the last row read, greater key
    insert.run(0, 'z', '2024-01-03'); // same cursor, smaller key: already passed (documented)
    const next = rowsOf(await readAll(source, end));
    expect(next.map((r) => [r.id, r.name])).toEqual([
      [8, 'h'],
      [2, 'B'],
    ]);
    await source.close();
  });
});

describe('sqlite source: configuration errors', () => {
  it('names a missing database file and its resolved path', async () => {
    file = 'nope.db';
    await expect(open({ table: 't' })).rejects.toMatchObject({
      kind: 'config',
      code: 'sqlite-not-found',
      message: expect.stringContaining(join(tmp.dir, 'nope.db')),
      hint: expect.stringContaining('connection.path'),
    });
  });

  it('lists the tables and suggests one for a missing table', async () => {
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY); CREATE TABLE orders (id INTEGER PRIMARY KEY)');
    await expect(open({ table: 'customer' })).rejects.toMatchObject({
      kind: 'config',
      code: 'table-not-found',
      message: 'System "crm" has no table "customer" — did you mean "customers"?',
      hint: 'Tables: customers, orders.',
    });
  });

  it('lists the columns for a missing key or cursor column', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, updated_at TEXT)');
    await expect(open({ table: 't' }, ['ID'])).rejects.toMatchObject({
      code: 'column-not-found',
      message: expect.stringContaining('"ID" (did you mean "id"?)'),
      hint: 'Columns of "t": id, updated_at.',
    });
    await expect(open({ table: 't', cursor: 'updated' })).rejects.toMatchObject({
      code: 'column-not-found',
      message: expect.stringContaining('cursor column "updated"'),
    });
  });

  it('asks for key: when the table has no primary key', async () => {
    db.exec('CREATE TABLE t (a TEXT); CREATE VIEW v AS SELECT a FROM t');
    await expect(open({ table: 't' })).rejects.toMatchObject({ kind: 'config', code: 'key-required' });
    await expect(open({ table: 'v' })).rejects.toMatchObject({
      code: 'key-required',
      message: expect.stringContaining('view'),
    });
  });

  it('refuses a where: that is not valid SQL, as a config error', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    await expect(open({ table: 't', where: 'id >' })).rejects.toMatchObject({
      kind: 'config',
      code: 'sqlite-error',
    });
  });

  it('stops on a key that is not unique or is NULL instead of skipping rows', async () => {
    db.exec("CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('x', '1'), ('x', '2'), (NULL, '3')");
    await expect(readAll(await open({ table: 't' }, ['a']))).rejects.toMatchObject({ code: 'key-null' });
    db.exec('DELETE FROM t WHERE a IS NULL');
    await expect(readAll(await open({ table: 't' }, ['a']))).rejects.toMatchObject({
      code: 'key-not-unique',
    });
  });

  it('stops on a duplicate key that falls on a page boundary', async () => {
    db.exec("CREATE TABLE v (code TEXT); INSERT INTO v VALUES ('a'), ('b'), ('b'), ('c'), ('d')");
    const source = await open({ table: 'v' }, ['code'], 2);
    const seen: Row[] = [];
    const reading = (async () => {
      for await (const batch of source.read(undefined, never)) seen.push(...batch.rows);
    })();
    await expect(reading).rejects.toMatchObject({
      kind: 'config',
      code: 'key-not-unique',
      message: 'System "crm", table "v": key (code) is not unique: code = \'b\' is in more than one row',
    });
    // Nothing after the duplicate was handed over, so no row was skipped silently.
    expect(seen.map((r) => r.code)).not.toContain('c');
    // The same holds when the duplicate pair starts a page (a, b | b, c) with a composite key.
    db.exec('DROP TABLE v; CREATE TABLE v (k1 INTEGER, k2 TEXT)');
    db.exec("INSERT INTO v VALUES (1, 'a'), (1, 'b'), (2, 'x'), (2, 'x'), (3, 'y')");
    await expect(readAll(await open({ table: 'v' }, ['k1', 'k2'], 3))).rejects.toMatchObject({
      code: 'key-not-unique',
      message: expect.stringContaining("key (k1, k2) is not unique: k1 = 2, k2 = 'x'"),
    });
    await source.close();
  });

  it('reads a table whose size is an exact multiple of the batch size', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 1; i <= 6; i++) insert.run(i);
    const source = await open({ table: 't' }, [], 3);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(batches.map((b) => b.rows.length)).toEqual([3, 3]);
    await source.close();
  });

  it('refuses a checkpoint taken on another table, key or cursor, naming old and new', async () => {
    db.exec(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, updated_at TEXT); INSERT INTO t VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02')",
    );
    db.exec('CREATE TABLE u (id INTEGER PRIMARY KEY); INSERT INTO u VALUES (1), (2)');
    const byId = await open({ table: 't' }, [], 1);
    const [first] = await readAll(byId);
    const saved = first?.checkpoint;
    // Same table spelled differently is the same table.
    const sameTable = await open({ table: 'T' }, ['id'], 1);
    expect(rowsOf(await readAll(sameTable, saved)).map((r) => r.id)).toEqual([2]);
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ table: 'u' }, [], 'the flow now reads table "u" by key (id), no cursor'],
      [{ table: 't' }, ['code'], 'the flow now reads table "t" by key (code), no cursor'],
      [
        { table: 't', cursor: 'updated_at' },
        [],
        'the flow now reads table "t" by key (id), cursor updated_at',
      ],
    ];
    for (const [options, key, now] of cases) {
      const source = await open(options, key, 1);
      await expect(readAll(source, saved)).rejects.toMatchObject({
        kind: 'config',
        code: 'checkpoint-mismatch',
        message: `System "crm": the saved checkpoint was taken reading table "t" by key (id), no cursor; ${now}`,
        hint: expect.stringContaining('run `syncline reset FLOW` to read from the start'),
      });
      await source.close();
    }
    // An incremental checkpoint does not resume a full read either.
    const incremental = await open({ table: 't', cursor: 'updated_at' }, [], 1);
    const [step] = await readAll(incremental);
    await expect(readAll(sameTable, step?.checkpoint)).rejects.toMatchObject({
      code: 'checkpoint-mismatch',
      message: expect.stringContaining(
        'cursor updated_at; the flow now reads table "t" by key (id), no cursor',
      ),
    });
    for (const source of [byId, sameTable, incremental]) await source.close();
  });

  it('accepts checkpoints saved before they recorded the table, key and cursor', async () => {
    db.exec(
      "CREATE TABLE t (id INTEGER PRIMARY KEY, updated_at TEXT); INSERT INTO t VALUES (1, '2024-01-01'), (2, '2024-01-02'), (3, NULL)",
    );
    const full = await open({ table: 't' });
    expect(rowsOf(await readAll(full, { key: [1] })).map((r) => r.id)).toEqual([2, 3]);
    const incremental = await open({ table: 't', cursor: 'updated_at' });
    expect(rowsOf(await readAll(incremental, { cursor: '2024-01-01', key: [1] })).map((r) => r.id)).toEqual([
      2,
    ]);
    expect(rowsOf(await readAll(incremental, { cursor: null, key: [3] })).map((r) => r.id)).toEqual([1, 2]);
    await full.close();
    await incremental.close();
  });

  it('refuses a checkpoint that does not fit the key', async () => {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    const source = await open({ table: 't' });
    await expect(readAll(source, { key: [1, 2] }, never)).rejects.toMatchObject({
      code: 'checkpoint-mismatch',
    });
    await source.close();
  });

  it('rejects unknown options', () => {
    expect(sqliteSourceOptions.safeParse({ table: 't', tabel: 'x' }).success).toBe(false);
    expect(sqliteConfig.safeParse({ path: 'a.db', url: 'x' }).success).toBe(false);
  });
});
