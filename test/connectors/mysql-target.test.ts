import mysql2 from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlTargetOptions, openMysqlTarget } from '../../src/connectors/mysql/mysql-target.js';
import type { Target, WriteMode } from '../../src/core/connector.js';
import { isIssue } from '../../src/core/issue.js';
import type { Row } from '../../src/core/row.js';
import { never } from './helpers.js';
import { createTestDatabase, server, type TestDatabase } from './mysql-test-database.js';
import { expectIdempotentUpsert, expectUnknownFieldsRefused } from './sql-connector-expectations.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

function open(
  table: string,
  mode: WriteMode = 'upsert',
  key: string[] = [],
  config: Record<string, unknown> = {},
): Promise<Target> {
  return openMysqlTarget(
    { system: 'erp', config: db.config(config), baseDir: '.' },
    { options: mysqlTargetOptions.parse({ table }), key, mode, resume: undefined },
  );
}

const all = (table: string, order = 1) => db.sql(`SELECT * FROM \`${table}\` ORDER BY ${order}`);
const codes = (rejected: readonly { index: number; issue: { code: string; path: string } }[]) =>
  rejected.map((r) => [r.index, r.issue.code, r.issue.path]);

describe('mysql target: modes', () => {
  it('upserts idempotently: the same batch twice leaves the same table', async () => {
    await db.sql(
      "CREATE TABLE up (id INT PRIMARY KEY, name VARCHAR(20), n INT); INSERT INTO up VALUES (2, 'old', 0)",
    );
    const target = await open('up', 'upsert', ['id']);
    await expectIdempotentUpsert(target, () => all('up'));
    await target.close();
    await target.close();
  });

  it('upserts by a composite unique index, leaving columns the row does not carry; the later of two rows wins', async () => {
    await db.sql(
      "CREATE TABLE cu (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(5) NOT NULL, b INT NOT NULL, v VARCHAR(5), keep VARCHAR(5), UNIQUE KEY ab (b, a)); INSERT INTO cu (a, b, v, keep) VALUES ('x', 1, 'old', 'kept')",
    );
    const target = await open('cu', 'upsert', ['a', 'b']);
    const result = await target.write(
      {
        rows: [
          { a: 'x', b: 1, v: 'new' },
          { a: 'y', b: 1, v: 'n1' },
          { a: 'y', b: 1, v: 'n2' },
        ],
        key: ['a', 'b'],
        mode: 'upsert',
      },
      never,
    );
    expect(result).toEqual({ written: 3, rejected: [] });
    expect((await all('cu')).map(({ a, b, v, keep }) => ({ a, b, v, keep }))).toEqual([
      { a: 'x', b: 1, v: 'new', keep: 'kept' },
      { a: 'y', b: 1, v: 'n2', keep: null },
    ]);
    await target.close();
  });

  it('refuses to let an upsert overwrite another row through a second unique index', async () => {
    await db.sql(
      "CREATE TABLE person (id INT PRIMARY KEY, email VARCHAR(50) UNIQUE, name VARCHAR(20)); INSERT INTO person VALUES (1, 'a@x', 'A'), (2, 'b@x', 'B')",
    );
    const target = await open('person', 'upsert', ['id']);
    const result = await target.write(
      {
        rows: [
          { id: 1, email: 'a@x', name: 'A2' },
          { id: 3, email: 'b@x', name: 'hijack' },
          { id: 4, email: 'd@x', name: 'D' },
          { id: 1, email: 'b@x', name: 'steal' },
        ],
        key: ['id'],
        mode: 'upsert',
      },
      never,
    );
    expect(codes(result.rejected)).toEqual([
      [1, 'duplicate-key', 'id'],
      [3, 'duplicate-key', 'email'],
    ]);
    expect(result.rejected[0]?.issue.message).toContain('unique index (email (email))');
    expect(result.written).toBe(2);
    expect(await all('person')).toEqual([
      { id: 1, email: 'a@x', name: 'A2' },
      { id: 2, email: 'b@x', name: 'B' },
      { id: 4, email: 'd@x', name: 'D' },
    ]);
    await target.close();
  });

  it('inserts, updates existing rows (rejecting missing ones) and deletes idempotently', async () => {
    await db.sql('CREATE TABLE ud (id INT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20))');
    const target = await open('ud', 'insert');
    const rows = Array.from({ length: 250 }, (_, i) => ({ id: i + 1, name: `n${i + 1}`, note: 'x' }));
    expect(await target.write({ rows, key: ['id'], mode: 'insert' }, never)).toEqual({
      written: 250,
      rejected: [],
    });
    // 250 rows: two UPDATE statements of CASE expressions, the second with a key that has no row.
    const updates: Row[] = rows.map((r) => ({ id: r.id, name: `N${r.id}` }));
    updates.splice(210, 0, { id: 9999, name: 'nobody' });
    updates.push({ id: 3, name: 'again' });
    const updated = await target.write({ rows: updates, key: ['id'], mode: 'update' }, never);
    expect(codes(updated.rejected)).toEqual([[210, 'row-not-found', 'id']]);
    expect(updated.written).toBe(251);
    const after = await all('ud');
    expect(after[0]).toEqual({ id: 1, name: 'N1', note: 'x' });
    expect(after[2]).toEqual({ id: 3, name: 'again', note: 'x' });
    expect(after[249]).toEqual({ id: 250, name: 'N250', note: 'x' });
    const deletion = {
      rows: [{ id: 2, name: 'ignored' }, { id: 99_999 }],
      key: ['id'],
      mode: 'delete' as const,
    };
    expect(await target.write(deletion, never)).toEqual({ written: 2, rejected: [] });
    expect(await target.write(deletion, never)).toEqual({ written: 2, rejected: [] });
    expect((await all('ud')).map((r) => r.id)).not.toContain(2);
    const keyless = await target.write({ rows: [{ name: 'no id' }], key: ['id'], mode: 'update' }, never);
    expect(keyless.rejected[0]?.issue).toMatchObject({ code: 'key-missing', path: 'id' });
    await target.close();
  });

  it('splits large batches into statements under max_allowed_packet', async () => {
    await db.sql('CREATE TABLE wide (id INT PRIMARY KEY, body MEDIUMTEXT)');
    const target = await open('wide', 'upsert');
    // 3,000 rows of 3 kB: ~9 MB, more than one statement may carry.
    const body = 'é'.repeat(1500);
    const rows = Array.from({ length: 3000 }, (_, i) => ({ id: i, body }));
    expect(await target.write({ rows, key: ['id'], mode: 'upsert' }, never)).toEqual({
      written: 3000,
      rejected: [],
    });
    const [count] = await db.sql('SELECT COUNT(*) AS n, SUM(CHAR_LENGTH(body)) AS chars FROM wide');
    expect(count).toEqual({ n: 3000, chars: String(3000 * 1500) });
    await target.close();
  });
});

describe('mysql target: values', () => {
  it('writes every type losslessly and reads it back by key', async () => {
    await db.sql(`CREATE TABLE tv (id BIGINT PRIMARY KEY, amount DECIMAL(16,2), big BIGINT, at DATETIME(6), ts TIMESTAMP(6) NULL,
      day DATE, tm TIME(6), doc JSON, bin BLOB, txt TEXT, name VARCHAR(100), f DOUBLE, flag TINYINT(1))`);
    const target = await open('tv', 'upsert');
    const rows: Row[] = [
      {
        id: 9007199254740993n,
        amount: '12345678901234.56',
        big: -9223372036854775808n,
        at: '2025-01-02T03:04:05.123456',
        ts: '2025-01-02T03:04:05.000001Z',
        day: '2025-01-02',
        tm: '03:04:05.123456',
        doc: { a: [1, 'é😀'], big: 9007199254740993n },
        bin: Uint8Array.from([0, 255, 92, 39]),
        txt: 'Luís Gonçalves — 😀 東京 مرحبا \u202Eevil',
        name: 'František Wichterlová',
        f: 0.1,
        flag: 1,
      },
      {
        id: 1,
        amount: '-0.01',
        big: 42,
        at: null,
        ts: null,
        day: null,
        tm: null,
        doc: 'just a string',
        bin: new Uint8Array(0),
        txt: '',
        name: null,
        f: -1.5e300,
        flag: 0,
      },
    ];
    expect(await target.write({ rows, key: ['id'], mode: 'upsert' }, never)).toEqual({
      written: 2,
      rejected: [],
    });
    const back = await target.readByKeys?.([{ id: 9007199254740993n }, { id: 1 }, { id: 5 }], ['id']);
    const byId = new Map(back?.map((r) => [String(r.id), r]));
    expect(byId.size).toBe(2);
    expect(byId.get('9007199254740993')).toEqual({ ...rows[0], at: '2025-01-02T03:04:05.123456' });
    expect(byId.get('1')).toEqual(rows[1]);
    // Stored as the server sees it: the TIMESTAMP in UTC, JSON with the bare big integer.
    const [raw] = await db.sql(
      "SELECT CAST(ts AS CHAR) AS ts, doc, HEX(bin) AS bin FROM tv WHERE id = '9007199254740993'",
    );
    expect(raw).toEqual({
      ts: '2025-01-02 03:04:05.000001',
      doc: '{"a":[1,"é😀"],"big":9007199254740993}',
      bin: '00FF5C27',
    });
    await target.close();
  });

  it('converts ISO offsets, Date, boolean and objects for binding, and leaves the row unchanged', async () => {
    await db.sql(
      'CREATE TABLE cv (id INT PRIMARY KEY, at DATETIME(6), ts TIMESTAMP(3) NULL, flag TINYINT, doc TEXT)',
    );
    const target = await open('cv', 'insert');
    const row = {
      id: 1,
      at: '2025-01-02T01:30:00.000001+02:00',
      ts: new Date('2024-05-06T07:08:09.123Z'),
      flag: true,
      doc: { tags: ['a'], n: 5n },
    };
    expect(await target.write({ rows: [row], key: [], mode: 'insert' }, never)).toEqual({
      written: 1,
      rejected: [],
    });
    expect(await all('cv')).toEqual([
      {
        id: 1,
        at: '2025-01-01 23:30:00.000001',
        ts: '2024-05-06 07:08:09.123',
        flag: 1,
        doc: '{"tags":["a"],"n":5}',
      },
    ]);
    expect(row.doc.tags).toEqual(['a']);
    await target.close();
  });
});

describe('mysql target: rejected rows', () => {
  it('returns rows the server refuses as issues, one by one, and commits the others', async () => {
    await db.sql(`CREATE TABLE parent (id INT PRIMARY KEY); INSERT INTO parent VALUES (1);
      CREATE TABLE rj (id INT PRIMARY KEY, name VARCHAR(5) NOT NULL, qty INT CHECK (qty >= 0), amount DECIMAL(6,2),
        parent INT, at DATETIME, legacy VARCHAR(10) CHARACTER SET latin1, doc JSON,
        CONSTRAINT rj_parent FOREIGN KEY (parent) REFERENCES parent (id)) ENGINE=InnoDB`);
    const target = await open('rj', 'insert');
    const rows: Row[] = [
      { id: 1, name: 'ok', qty: 1 },
      { id: 2, name: null, qty: 1 },
      { id: 3, name: 'far too long', qty: 1 },
      { id: 4, name: 'neg', qty: -1 },
      { id: 1, name: 'dup', qty: 1 },
      { id: 5, name: 'fk', parent: 9 },
      { id: 6, name: 'num', amount: 'abc' },
      { id: 7, name: 'date', at: '2025-13-01' },
      { id: 8, name: 'emoji', legacy: '😀' },
      { id: 9, name: 'round', amount: '1.005' },
      { id: 10, name: 'range', amount: '123456.78' },
      { id: 11, name: 'nan', qty: Number.NaN },
      {
        id: 12,
        name: 'fine',
        amount: '1.50',
        parent: 1,
        at: '2025-01-02T03:04:05',
        legacy: 'Luís',
        doc: [1],
      },
    ];
    const result = await target.write({ rows, key: ['id'], mode: 'insert' }, never);
    expect(codes(result.rejected)).toEqual([
      [1, 'not-null', 'name'],
      [2, 'value-too-long', 'name'],
      [3, 'check-failed', 'qty'],
      [4, 'duplicate-key', 'id'],
      [5, 'foreign-key', 'parent'],
      [6, 'invalid-value', 'amount'],
      [7, 'invalid-value', 'at'],
      [8, 'invalid-value', 'legacy'],
      [9, 'value-changed', 'amount'],
      [10, 'out-of-range', 'amount'],
      [11, 'invalid-value', 'qty'],
    ]);
    expect(result.written).toBe(2);
    const messages = result.rejected.map((r) => r.issue.message);
    expect(messages[0]).toBe("MariaDB refused the row: Column 'name' cannot be null");
    expect(messages[1]).toBe("MariaDB refused the row: Data too long for column 'name'");
    expect(messages[8]).toBe("MariaDB would store a different value: Data truncated for column 'amount'");
    expect(result.rejected.every((r) => isIssue(r.issue) && r.issue.stage === 'write')).toBe(true);
    expect((await all('rj')).map((r) => r.id)).toEqual([1, 12]);
    expect((await all('rj'))[1]).toMatchObject({ legacy: 'Luís', amount: '1.50', doc: '[1]' });
    await target.close();
  });

  it('rejects rows in a bulk upsert without losing the good ones around them', async () => {
    await db.sql('CREATE TABLE bulk (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL)');
    const target = await open('bulk', 'upsert');
    const rows: Row[] = Array.from({ length: 2500 }, (_, i) => ({
      id: i,
      name: i % 500 === 7 ? null : `n${i}`,
    }));
    const result = await target.write({ rows, key: ['id'], mode: 'upsert' }, never);
    expect(result.rejected.map((r) => r.index)).toEqual([7, 507, 1007, 1507, 2007]);
    expect(result.written).toBe(2495);
    const [count] = await db.sql('SELECT COUNT(*) AS n FROM bulk');
    expect(count?.n).toBe(2495);
    await target.close();
  });
});

describe('mysql target: the bulk write path', () => {
  it('keeps each row to its own columns when rows of a batch change shape', async () => {
    await db.sql(
      "CREATE TABLE sh (id INT PRIMARY KEY, name VARCHAR(5), n INT); INSERT INTO sh VALUES (2, 'old', 20)",
    );
    const target = await open('sh', 'upsert');
    const rows: Row[] = [
      { id: 1, name: 'a', n: 1 },
      { id: 2, name: 'b', n: undefined },
      { id: 3, name: 'c', n: 3 },
      { n: 4, id: 4, name: 'd' },
      { id: 5, name: undefined, n: undefined },
    ];
    expect(await target.write({ rows, key: ['id'], mode: 'upsert' }, never)).toEqual({
      written: 5,
      rejected: [],
    });
    expect(await all('sh')).toEqual([
      { id: 1, name: 'a', n: 1 },
      { id: 2, name: 'b', n: 20 },
      { id: 3, name: 'c', n: 3 },
      { id: 4, name: 'd', n: 4 },
      { id: 5, name: null, n: null },
    ]);
    await target.close();
  });

  it('undoes a statement the server changed a value in while the next one was being built', async () => {
    await db.sql('CREATE TABLE ch (id INT PRIMARY KEY, amount DECIMAL(6,2), at DATETIME(6), doc JSON)');
    const target = await open('ch', 'upsert');
    const rows: Row[] = Array.from({ length: 3500 }, (_, i) => ({
      id: i,
      amount: i === 1700 ? '1.005' : `${i}.25`,
      at: `2025-01-02T03:04:05.${String(i).padStart(6, '0')}Z`,
      doc: i === 2600 ? { n: 9007199254740993n } : { i, s: 'it\'s \\ "x"' },
    }));
    const result = await target.write({ rows, key: ['id'], mode: 'upsert' }, never);
    expect(codes(result.rejected)).toEqual([[1700, 'value-changed', 'amount']]);
    expect(result.written).toBe(3499);
    const [row] = await db.sql(
      "SELECT amount, CAST(at AS CHAR) AS at, JSON_EXTRACT(doc, '$.s') AS s FROM ch WHERE id = 3499",
    );
    expect(row).toEqual({ amount: '3499.25', at: '2025-01-02 03:04:05.003499', s: '"it\'s \\\\ \\"x\\""' });
    const [big] = await db.sql('SELECT doc FROM ch WHERE id = 2600');
    expect(big?.doc).toBe('{"n":9007199254740993}');
    await target.close();
  });
});

describe('mysql target: whole-batch failures and configuration', () => {
  it('reports a row lock held past lockWaitTimeout as transient, and writes again once it is free', async () => {
    await db.sql('CREATE TABLE lk (id INT PRIMARY KEY, v INT); INSERT INTO lk VALUES (1, 0)');
    const target = await open('lk', 'upsert', [], { lockWaitTimeout: 1 });
    const holder = await mysql2.createConnection({ ...server, database: db.name });
    await holder.query('START TRANSACTION');
    await holder.query('SELECT * FROM lk WHERE id = 1 FOR UPDATE');
    const rows = [
      { id: 2, v: 2 },
      { id: 1, v: 1 },
    ];
    await expect(target.write({ rows, key: ['id'], mode: 'upsert' }, never)).rejects.toMatchObject({
      kind: 'transient',
      code: 'lock-timeout',
      stage: 'write',
    });
    await holder.query('ROLLBACK');
    await holder.end();
    // Nothing of the failed batch was kept; the retry writes all of it.
    expect(await all('lk')).toEqual([{ id: 1, v: 0 }]);
    expect(await target.write({ rows, key: ['id'], mode: 'upsert' }, never)).toEqual({
      written: 2,
      rejected: [],
    });
    await target.close();
  });

  it('stops between statements on abort and keeps nothing of the batch', async () => {
    await db.sql('CREATE TABLE abt (id INT PRIMARY KEY)');
    const target = await open('abt', 'insert');
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(
      target.write({ rows: [{ id: 1 }], key: [], mode: 'insert' }, controller.signal),
    ).rejects.toBe(reason);
    expect(await all('abt')).toEqual([]);
    await target.close();
  });

  it('names row fields that are not columns before writing anything', async () => {
    await db.sql('CREATE TABLE nc (id INT PRIMARY KEY, name VARCHAR(5))');
    const target = await open('nc');
    await expectUnknownFieldsRefused(target);
    expect(await all('nc')).toEqual([]);
    await target.close();
  });

  it('asks for a unique index, refuses keyless updates and mirrors, views and tables without transactions', async () => {
    await db.sql(`CREATE TABLE cfg (id INT PRIMARY KEY, email VARCHAR(20), note VARCHAR(5));
      CREATE VIEW v_cfg AS SELECT id FROM cfg; CREATE TABLE nokey (a INT); CREATE TABLE mi (id INT PRIMARY KEY) ENGINE=MyISAM`);
    await expect(open('cfg', 'upsert', ['email'])).rejects.toMatchObject({
      kind: 'config',
      code: 'unique-key-required',
      hint: 'Add one: CREATE UNIQUE INDEX `cfg_email_key` ON `cfg` (`email`);',
    });
    await expect(open('nokey', 'mirror')).rejects.toMatchObject({ code: 'key-required' });
    await (await open('cfg', 'mirror', ['id'])).close();
    await expect(open('nokey', 'update')).rejects.toMatchObject({ code: 'key-required' });
    await expect(open('v_cfg', 'insert')).rejects.toMatchObject({ code: 'target-is-view' });
    await expect(open('mi', 'upsert')).rejects.toMatchObject({
      code: 'table-not-transactional',
      hint: expect.stringContaining('ALTER TABLE `mi` ENGINE=InnoDB'),
    });
  });

  it('quotes table and column names safely', async () => {
    await db.sql(
      'CREATE TABLE `odd ``name``` (`order` INT PRIMARY KEY, `group key` VARCHAR(5), `Display Name` TEXT)',
    );
    const target = await open('odd `name`');
    await target.write(
      { rows: [{ order: 1, 'group key': 'x', 'Display Name': "O'Brien" }], key: ['order'], mode: 'upsert' },
      never,
    );
    await target.write({ rows: [{ order: 1, 'group key': 'y' }], key: ['order'], mode: 'upsert' }, never);
    expect(await target.readByKeys?.([{ order: 1 }], ['order'])).toEqual([
      { order: 1, 'group key': 'y', 'Display Name': "O'Brien" },
    ]);
    await target.close();
  });
});
