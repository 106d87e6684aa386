import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/core/row.js';
import { expectResumeFromEveryBoundary, readAll } from './helpers.js';
import { usePostgresSchema } from './postgres-helpers.js';

const pg = usePostgresSchema('pgsrc');
const rowsOf = (batches: { rows: readonly Row[] }[]) => batches.flatMap((b) => b.rows);
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('postgres source', () => {
  it('reads NULL cursors first by key, then by (cursor, key), with a documented checkpoint shape', async () => {
    await pg.sql('CREATE TABLE c (id int PRIMARY KEY, name text, updated_at timestamptz)');
    // Indexed: the cursor phase pages by keyset (the int8 test below streams by cursor).
    await pg.sql('CREATE INDEX ON c (updated_at, id)');
    await pg.sql(`INSERT INTO c VALUES
      (1, 'a', '2024-01-02 00:00:00.000001+00'), (2, 'b', '2024-01-01 00:00:00+00'), (3, 'c', '2024-01-02 00:00:00.000001+00'),
      (4, 'd', NULL), (5, 'e', '2024-01-03 05:30:00+05:30'), (6, 'f', NULL), (7, 'g', '2024-01-02 00:00:00.000001+00')`);
    const source = await pg.openSource({ table: 'c', cursor: 'updated_at' }, ['id'], 2);
    expect(source.incremental).toBe(true);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(rowsOf(batches).map((r) => r.id)).toEqual([4, 6, 2, 1, 3, 7, 5]);
    const identity = { relation: `table ${pg.schema}.c`, keyColumns: ['id'], cursorColumn: 'updated_at' };
    expect(batches[0]?.checkpoint).toEqual({ ...identity, cursor: null, key: [6] });
    expect(batches[1]?.checkpoint).toEqual({ ...identity, cursor: '2024-01-02T00:00:00.000001Z', key: [1] });
    expect(rowsOf(batches).find((r) => r.id === 5)?.updated_at).toBe('2024-01-03T00:00:00.000000Z');
    await source.close();
  });

  it('pages by an int8 cursor beyond 2^53 and a bytea key, through JSON checkpoints', async () => {
    await pg.sql('CREATE TABLE big (k bytea PRIMARY KEY, version int8 NOT NULL)');
    await pg.sql(
      `INSERT INTO big VALUES ('\\x00', 9007199254740993), ('\\x01', 9007199254740993), ('\\xff', 1), ('\\x0000', 9223372036854775807)`,
    );
    const source = await pg.openSource({ table: 'big', cursor: 'version' }, [], 1);
    const batches = await readAll(source);
    expect(rowsOf(batches).map((r) => r.version)).toEqual([
      1,
      9007199254740993n,
      9007199254740993n,
      9223372036854775807n,
    ]);
    expect(roundTrip(batches[1]?.checkpoint)).toMatchObject({
      cursor: { $bigint: '9007199254740993' },
      key: [{ $base64: 'AA==' }],
    });
    for (let i = 0; i < batches.length; i++) {
      const rest = await readAll(source, roundTrip(batches[i]?.checkpoint));
      expect(rowsOf(rest)).toEqual(rowsOf(batches.slice(i + 1)));
    }
    await source.close();
  });

  it('reads a query (streamed by one cursor), with key, cursor and where, and resumes', async () => {
    await pg.sql(
      'CREATE TABLE orders (id int PRIMARY KEY, customer text, amount numeric(12,2), at timestamptz)',
    );
    await pg.sql(
      `INSERT INTO orders SELECT g, 'cust ' || (g % 3), g * 1.25, timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 20) g`,
    );
    const query =
      'SELECT id AS order_id, upper(customer) AS who, amount * 2 AS double_amount, at FROM orders';
    const source = await pg.openSource({ query, cursor: 'at', where: 'order_id % 2 = 0' }, ['order_id'], 3);
    const batches = await expectResumeFromEveryBoundary(source);
    const rows = rowsOf(batches);
    expect(rows.map((r) => r.order_id)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(rows[0]).toEqual({
      order_id: 2,
      who: 'CUST 2',
      double_amount: '5.00',
      at: '2024-01-01T00:02:00.000000Z',
    });
    expect(batches[0]?.checkpoint).toMatchObject({
      relation: expect.stringMatching(/^query sha256:[0-9a-f]{16}$/),
    });
    await source.close();
  });

  it('refuses a checkpoint taken under another cursor, a bad query, and a query without key', async () => {
    await pg.sql('CREATE TABLE k (id int PRIMARY KEY, a int, b int)');
    await pg.sql('INSERT INTO k VALUES (1, 1, 1), (2, 2, 2)');
    const byA = await pg.openSource({ table: 'k', cursor: 'a' }, [], 1);
    const [first] = await readAll(byA);
    await byA.close();
    const byB = await pg.openSource({ table: 'k', cursor: 'b' }, [], 1);
    await expect(readAll(byB, first?.checkpoint)).rejects.toMatchObject({
      kind: 'config',
      code: 'checkpoint-mismatch',
    });
    await byB.close();
    await expect(pg.openSource({ query: 'SELECT id, nope FROM k' }, ['id'])).rejects.toMatchObject({
      kind: 'config',
      code: 'query-invalid',
      message: expect.stringContaining('nope'),
    });
    await expect(
      pg.openSource({ query: 'SELECT k.id, k2.id FROM k JOIN k k2 USING (a)' }, ['id']),
    ).rejects.toMatchObject({
      code: 'duplicate-column',
    });
    await expect(pg.openSource({ query: 'SELECT id FROM k' })).rejects.toMatchObject({
      code: 'key-required',
    });
    await expect(pg.openSource({ table: 'k', where: 'id >' })).rejects.toMatchObject({ kind: 'config' });
  });

  it('refuses a key that repeats at a page boundary instead of skipping rows', async () => {
    await pg.sql('CREATE TABLE dup (id int, v text)');
    await pg.sql("INSERT INTO dup VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd')");
    const source = await pg.openSource({ table: 'dup' }, ['id'], 2);
    await expect(readAll(source)).rejects.toMatchObject({ code: 'key-not-unique' });
    await source.close();
    await expect(pg.openSource({ table: 'dup' })).rejects.toMatchObject({ code: 'key-required' });
  });

  it('finds tables regardless of case, in another schema, and suggests a name for a typo', async () => {
    await pg.sql('CREATE TABLE "Customer" (id int PRIMARY KEY)');
    await pg.sql('CREATE TABLE invoices (id int PRIMARY KEY)');
    const source = await pg.openSource({ table: 'customer' });
    await source.close();
    await expect(pg.openSource({ table: 'invoice' })).rejects.toMatchObject({
      kind: 'config',
      code: 'table-not-found',
      message: expect.stringContaining('did you mean "invoices"?'),
      hint: expect.stringContaining('Customer'),
    });
    await expect(pg.openSource({ table: 'customer', schema: 'publik' })).rejects.toMatchObject({
      code: 'schema-not-found',
      message: expect.stringContaining('did you mean "public"?'),
    });
    await expect(pg.openSource({ table: 'invoices' }, ['ID'])).rejects.toMatchObject({
      code: 'column-not-found',
      message: expect.stringContaining('(did you mean "id"?)'),
    });
  });

  it('keeps array and odd types lossless: timestamptz[], numeric[], int8[], uuid, interval, time', async () => {
    const { rows } = await (async () => {
      await pg.sql(
        `CREATE TABLE arr (id int PRIMARY KEY, ts timestamptz[], n numeric[], b int8[], u uuid, i interval, t time, d date, j json)`,
      );
      await pg.sql(`INSERT INTO arr VALUES (1, ARRAY['2024-01-01 00:00:00.000001+00', NULL]::timestamptz[], '{0.1, 12345678901234567890.5}',
        '{1, 9223372036854775807}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 2 hours', '12:00:00.5', '2024-02-29', '{"n": 1}')`);
      const source = await pg.openSource({ table: 'arr' });
      const batches = await readAll(source);
      await source.close();
      return { rows: rowsOf(batches) };
    })();
    expect(rows[0]).toEqual({
      id: 1,
      ts: ['2024-01-01T00:00:00.000001Z', null],
      n: ['0.1', '12345678901234567890.5'],
      b: [1, 9223372036854775807n],
      u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
      i: '1 day 02:00:00',
      t: '12:00:00.500000',
      d: '2024-02-29',
      j: { n: 1 },
    });
  });
});
