import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysetQuery } from '../../src/connectors/mysql/keyset-query.js';
import { mysql } from '../../src/connectors/mysql/mysql.js';
import { mysqlSourceOptions, openMysqlSource } from '../../src/connectors/mysql/mysql-source.js';
import type { Source } from '../../src/core/connector.js';
import type { Checkpoint, Row } from '../../src/core/row.js';
import { expectResumeFromEveryBoundary, never, readAll } from './helpers.js';
import { createTestDatabase, type TestDatabase } from './mysql-test-database.js';
import { expectPagedByCompositeKey, rowsOf } from './sql-connector-expectations.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function open(options: Record<string, unknown>, key: string[] = [], batchSize = 3): Promise<Source> {
  return openMysqlSource(
    { system: 'erp', config: db.config(), baseDir: '.' },
    { options: mysqlSourceOptions.parse(options), key, batchSize },
  );
}

/** A checkpoint as the store hands it back: through JSON text. */
const throughJson = (checkpoint: Checkpoint | undefined): Checkpoint =>
  JSON.parse(JSON.stringify(checkpoint));

describe('mysql source: full read', () => {
  it('pages by a composite key and resumes from every batch boundary without gap or duplicate', async () => {
    await db.sql(
      'CREATE TABLE `lines` (order_id INT, line INT, sku VARCHAR(20), PRIMARY KEY (order_id, line))',
    );
    const values = [];
    for (let o = 5; o >= 1; o--) for (let l = 1; l <= 3; l++) values.push(`(${o}, ${l}, 'sku-${o}-${l}')`);
    await db.sql(`INSERT INTO \`lines\` VALUES ${values.join(', ')}`);
    const source = await open({ table: 'lines' });
    await expectPagedByCompositeKey(source);
    await source.close();
    await source.close();
  });

  it('uses the primary key when no key is given, and applies where:', async () => {
    await db.sql(
      "CREATE TABLE t1 (id INT PRIMARY KEY, status VARCHAR(10)); INSERT INTO t1 VALUES (1,'a'),(2,'draft'),(3,'b'),(4,'c')",
    );
    const source = await open({ table: 't1', where: "status <> 'draft'" }, [], 2);
    expect(rowsOf(await readAll(source)).map((r) => r.id)).toEqual([1, 3, 4]);
    await source.close();
  });

  it('reads every type losslessly (0005) and keeps bigint and binary keys through the JSON checkpoint', async () => {
    await db.sql(`CREATE TABLE types (
      id BIGINT PRIMARY KEY, amount DECIMAL(16,2), big BIGINT, ubig BIGINT UNSIGNED, at DATETIME(6), at0 DATETIME,
      ts TIMESTAMP(6) NULL, day DATE, tm TIME(6), doc JSON, bin BLOB, vb VARBINARY(16), txt TEXT, name VARCHAR(100),
      f DOUBLE, flag TINYINT(1), yr YEAR, e ENUM('x','y'))`);
    await db.sql(
      `INSERT INTO types VALUES
        (9007199254740993, '12345678901234.56', -9223372036854775808, 18446744073709551615, '2025-01-02 03:04:05.123456',
         '2025-01-02 03:04:05', '2025-01-02 03:04:05.000001', '2025-01-02', '03:04:05.123456',
         '{"a":[1,2,{"b":null}],"big":9007199254740993,"s":"é😀"}', x'00ff5c', x'0102', 'Luís Gonçalves 😀 東京 שלום',
         'František Wichterlová', 0.1, 1, 2025, 'y'),
        (1, '-0.50', 42, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, x'', '', NULL, NULL, 0, NULL, NULL)`,
    );
    const source = await open({ table: 'types' }, [], 1);
    const batches = await expectResumeFromEveryBoundary(source);
    const [small, large] = rowsOf(batches);
    expect(small).toEqual({
      id: 1,
      amount: '-0.50',
      big: 42,
      ubig: 0,
      at: null,
      at0: null,
      ts: null,
      day: null,
      tm: null,
      doc: null,
      bin: null,
      vb: new Uint8Array(0),
      txt: '',
      name: null,
      f: null,
      flag: 0,
      yr: null,
      e: null,
    });
    expect(large).toEqual({
      id: 9007199254740993n,
      amount: '12345678901234.56',
      big: -9223372036854775808n,
      ubig: 18446744073709551615n,
      at: '2025-01-02T03:04:05.123456',
      at0: '2025-01-02T03:04:05',
      ts: '2025-01-02T03:04:05.000001Z',
      day: '2025-01-02',
      tm: '03:04:05.123456',
      doc: { a: [1, 2, { b: null }], big: 9007199254740993n, s: 'é😀' },
      bin: Uint8Array.from([0, 255, 92]),
      vb: Uint8Array.from([1, 2]),
      txt: 'Luís Gonçalves 😀 東京 שלום',
      name: 'František Wichterlová',
      f: 0.1,
      flag: 1,
      yr: 2025,
      e: 'y',
    });
    expect(Buffer.isBuffer(large?.bin)).toBe(false);
    expect(JSON.parse(JSON.stringify(batches[1]?.checkpoint))).toMatchObject({
      key: [{ $bigint: '9007199254740993' }],
    });
    await source.close();
  });

  it('pages by a binary key and by a DATETIME(6) key', async () => {
    await db.sql('CREATE TABLE bk (id VARBINARY(4) PRIMARY KEY, at DATETIME(6) NOT NULL, UNIQUE (at))');
    await db.sql(
      "INSERT INTO bk VALUES (x'00', '2025-01-01 00:00:00.000003'), (x'0001', '2025-01-01 00:00:00.000001'), (x'ff', '2025-01-01 00:00:00.000002'), (x'7f00', '2025-01-01 00:00:00.000004')",
    );
    const byId = rowsOf(await expectResumeFromEveryBoundary(await open({ table: 'bk' }, [], 1)));
    expect(byId.map((r) => Buffer.from(r.id as Uint8Array).toString('hex'))).toEqual([
      '00',
      '0001',
      '7f00',
      'ff',
    ]);
    const byAt = rowsOf(await expectResumeFromEveryBoundary(await open({ table: 'bk' }, ['at'], 1)));
    expect(byAt.map((r) => r.at)).toEqual([1, 2, 3, 4].map((n) => `2025-01-01T00:00:00.00000${n}`));
  });
});

describe('mysql source: incremental', () => {
  it('reads NULL cursors first, then by cursor and key, resumes from every checkpoint, and then sees only changes', async () => {
    await db.sql(`CREATE TABLE inc (id INT PRIMARY KEY, updated_at DATETIME(6) NULL, name VARCHAR(20),
      KEY by_cursor (updated_at, id))`);
    await db.sql(`INSERT INTO inc VALUES
      (1, '2024-01-01 00:00:00.000002', 'a'), (2, '2024-01-01 00:00:00.000001', 'b'), (3, NULL, 'c'),
      (4, '2024-01-01 00:00:00.000002', 'd'), (5, '2024-01-01 00:00:00.000001', 'e'), (6, NULL, 'f')`);
    const source = await open({ table: 'inc', cursor: 'updated_at' }, [], 2);
    expect(source.incremental).toBe(true);
    expect(mysql.source?.isIncremental({ table: 'inc', cursor: 'updated_at' })).toBe(true);
    expect(mysql.source?.isIncremental({ table: 'inc' })).toBe(false);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(rowsOf(batches).map((r) => r.id)).toEqual([3, 6, 2, 5, 1, 4]);
    const end = batches.at(-1)?.checkpoint;
    expect(end).toEqual({
      table: 'inc',
      keyColumns: ['id'],
      cursorColumn: 'updated_at',
      cursor: '2024-01-01T00:00:00.000002',
      key: [4],
    });
    expect(await readAll(source, throughJson(end))).toEqual([]);

    // A tie with the last cursor and a greater key, an update, and a row with an earlier cursor.
    await db.sql(
      `INSERT INTO inc VALUES (7, '2024-01-01 00:00:00.000002', 'tie'), (0, '2023-12-31 00:00:00', 'late')`,
    );
    await db.sql(`UPDATE inc SET updated_at = '2024-01-02 00:00:00.5', name = 'B' WHERE id = 2`);
    const next = rowsOf(await readAll(source, throughJson(end)));
    expect(next).toEqual([
      { id: 7, updated_at: '2024-01-01T00:00:00.000002', name: 'tie' },
      { id: 2, updated_at: '2024-01-02T00:00:00.500000', name: 'B' },
    ]);
    await source.close();
  });

  it('reads by a TIMESTAMP(6) cursor in UTC, whatever the server time zone', async () => {
    await db.sql('CREATE TABLE tsc (id INT PRIMARY KEY, changed TIMESTAMP(6) NOT NULL)');
    await db.sql("SET time_zone = '+05:00'");
    // Written in +05:00: stored (and read by syncline) as UTC 22:30 the day before.
    await db.sql("INSERT INTO tsc VALUES (1, '2025-01-02 03:30:00.250000'), (2, '2025-01-02 04:00:00')");
    await db.sql("SET time_zone = '+00:00'");
    const source = await open({ table: 'tsc', cursor: 'changed' }, [], 1);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(rowsOf(batches)).toEqual([
      { id: 1, changed: '2025-01-01T22:30:00.250000Z' },
      { id: 2, changed: '2025-01-01T23:00:00.000000Z' },
    ]);
    await source.close();
  });

  it('refuses a checkpoint taken under other from: options, with a hint to reset', async () => {
    await db.sql(
      "CREATE TABLE cm (id INT PRIMARY KEY, updated_at VARCHAR(30)); INSERT INTO cm VALUES (1, 'a'), (2, 'b')",
    );
    const incremental = await open({ table: 'cm', cursor: 'updated_at' }, [], 1);
    const [first] = await readAll(incremental);
    const full = await open({ table: 'cm' }, [], 1);
    await expect(readAll(full, throughJson(first?.checkpoint))).rejects.toMatchObject({
      kind: 'config',
      code: 'checkpoint-mismatch',
      message: expect.stringContaining(
        'reading table "cm" by key (id), cursor updated_at; the flow now reads table "cm" by key (id), no cursor',
      ),
      hint: expect.stringContaining('syncline reset'),
    });
    await expect(
      readAll(full, { table: 'cm', keyColumns: ['id'], cursorColumn: null, key: [1, 2] }),
    ).rejects.toMatchObject({ code: 'checkpoint-mismatch' });
    await incremental.close();
    await full.close();
  });
});

describe('mysql source: abort and key problems', () => {
  it('stops between batches with the signal reason, then resumes from the last checkpoint', async () => {
    await db.sql('CREATE TABLE ab (id INT PRIMARY KEY)');
    await db.sql(`INSERT INTO ab VALUES ${Array.from({ length: 10 }, (_, i) => `(${i + 1})`).join(', ')}`);
    const source = await open({ table: 'ab' }, [], 3);
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const seen: Row[] = [];
    let last: Checkpoint | undefined;
    await expect(
      (async () => {
        for await (const batch of source.read(undefined, controller.signal)) {
          seen.push(...batch.rows);
          last = batch.checkpoint;
          if (seen.length === 6) controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(seen.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rowsOf(await readAll(source, throughJson(last))).map((r) => r.id)).toEqual([7, 8, 9, 10]);
    await source.close();
  });

  it('stops on a key that repeats at a page boundary instead of skipping a row', async () => {
    await db.sql(
      "CREATE TABLE dup (n INT, v VARCHAR(5)); INSERT INTO dup VALUES (1,'a'), (2,'b'), (2,'c'), (3,'d')",
    );
    const source = await open({ table: 'dup' }, ['n'], 2);
    await expect(readAll(source)).rejects.toMatchObject({
      kind: 'config',
      code: 'key-not-unique',
      message: 'System "erp", table "dup": key (n) is not unique: n = 2 is in more than one row',
    });
    await source.close();
  });

  it('sees duplicates that only the collation makes equal ("a" = "A ")', async () => {
    await db.sql(
      "CREATE TABLE ci (code VARCHAR(5), v INT); INSERT INTO ci VALUES ('a', 1), ('A ', 2), ('b', 3)",
    );
    // 'A ' sorts tied with 'a'; `> 'a'` would skip it. JavaScript sees two different strings.
    const source = await open({ table: 'ci' }, ['code'], 1);
    await expect(readAll(source)).rejects.toMatchObject({ code: 'key-not-unique' });
    await source.close();
  });

  it('stops on a NULL key', async () => {
    await db.sql('CREATE TABLE nk (n INT, v INT); INSERT INTO nk VALUES (NULL, 1), (1, 2)');
    const source = await open({ table: 'nk' }, ['n'], 5);
    await expect(readAll(source)).rejects.toMatchObject({ code: 'key-null' });
    await source.close();
  });

  it('asks for a key when the table has no primary key, and names unknown columns', async () => {
    await db.sql('CREATE TABLE nopk (a INT, b INT); CREATE VIEW v_nopk AS SELECT a, b FROM nopk');
    await expect(open({ table: 'nopk' })).rejects.toMatchObject({ code: 'key-required' });
    await expect(open({ table: 'v_nopk' })).rejects.toMatchObject({
      code: 'key-required',
      message: 'System "erp": view "v_nopk" has no primary key to page by',
    });
    await expect(open({ table: 'nopk', cursor: 'bb' }, ['a'])).rejects.toMatchObject({
      code: 'column-not-found',
      message: 'System "erp", table "nopk": cursor column "bb" (did you mean "b"?) not found',
    });
    const view = await open({ table: 'v_nopk' }, ['a']);
    expect(await readAll(view)).toEqual([]);
    await view.close();
  });

  it('reports SQL errors in where: as configuration errors, at open', async () => {
    await db.sql('CREATE TABLE w (id INT PRIMARY KEY)');
    await expect(open({ table: 'w', where: 'nonsense = ' })).rejects.toMatchObject({
      kind: 'config',
      code: 'sql-syntax',
      hint: 'Check the where: condition of the flow; it is SQL.',
    });
    await expect(open({ table: 'w', where: 'nope = 1' })).rejects.toMatchObject({
      kind: 'config',
      code: 'column-not-found',
      message: expect.stringContaining("Unknown column 'nope'"),
    });
    // A comment in where: ends with its line, and a '?' in it is no placeholder.
    const commented = await open({ table: 'w', where: "id > 0 -- only real ids?\n AND '?' = '?'" });
    expect(await readAll(commented, undefined, never)).toEqual([]);
    await commented.close();
  });
});

describe('mysql source: keyset query plan', () => {
  it('seeks with an index range on MariaDB/MySQL rather than scanning from the start', async () => {
    await db.sql('CREATE TABLE big (id INT PRIMARY KEY, c DATETIME(6) NOT NULL, KEY c_id (c, id))');
    const values = Array.from(
      { length: 2000 },
      (_, i) => `(${i + 1}, '2024-01-01' + INTERVAL ${Math.floor(i / 3)} SECOND)`,
    );
    await db.sql(`INSERT INTO big VALUES ${values.join(', ')}`);
    await db.sql('ANALYZE TABLE big');
    const query = keysetQuery('big', ['c', 'id'], ['`c` IS NOT NULL']);
    const [plan] = await db.sql(`EXPLAIN ${query.after(["'2024-01-01 00:10:00'", '1500'], 100)}`);
    expect(plan).toMatchObject({ type: 'range', key: 'c_id' });
  });
});
