import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/core/row.js';
import { expectResumeFromEveryBoundary, readAll } from './helpers.js';
import { usePostgresSchema } from './postgres-helpers.js';

const pg = usePostgresSchema('pgcopy');
const rowsOf = (batches: { rows: readonly Row[] }[]) => batches.flatMap((b) => b.rows);

/** Reads the same thing through COPY and through the query path; both must yield equal rows and checkpoints. */
async function readBothWays(options: Record<string, unknown>, key: string[] = [], batchSize = 3) {
  const byCopy = await pg.openSource({ ...options }, key, batchSize);
  const byQuery = await pg.openSource({ ...options, copy: false }, key, batchSize);
  try {
    const copied = await readAll(byCopy);
    const queried = await readAll(byQuery);
    return { copied, queried };
  } finally {
    await byCopy.close();
    await byQuery.close();
  }
}

const everyType = `CREATE TABLE every_type (
  id int8 PRIMARY KEY, small int2, whole int4, big int8, real4 float4, real8 float8,
  amount numeric, money2 numeric(12,2), flag bool, label text, code varchar(20), fixed char(5),
  born date, at timestamptz, local_at timestamp, clock time, span interval, uid uuid,
  doc json, docb jsonb, raw bytea, tags text[], amounts numeric[], stamps timestamptz[],
  bigs int8[], flags bool[], raws bytea[], dates date[], mood mood, addr inet, r int4range, x xml
)`;

const everyValue = `INSERT INTO every_type VALUES
  (1, 32767, -2147483648, 9223372036854775807, 3.4e38, -1.7976931348623157e308,
   '123456789012345678901234567890.123456789012345678901', '-9999999999.99', true,
   E'tab\\there\\nnewline\\r\\\\back\\\\slash \\b\\f' || chr(11) || chr(1) || chr(127), 'Bjørn Wójcik', 'ab',
   '2024-02-29', '2024-01-02 03:04:05.123456+00', '2024-01-02 03:04:05.5', '23:59:59.999999',
   '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
   '{"a": "x\\ty\\n\\\\", "n": 1.50, "u": "\\u00e9"}', '{"nested": {"arr": [1, null, "\\\\N"]}}',
   '\\x00ff5c0a09', ARRAY[E'a\\tb', E'c\\nd', NULL, '', '"q"', E'\\\\', 'NULL', '\\N'],
   '{0.1, 12345678901234567890.5, NaN}', ARRAY['2024-01-01 00:00:00.000001+00', NULL, 'infinity']::timestamptz[],
   '{1, -9223372036854775808}', '{t, f, NULL}', ARRAY['\\x00'::bytea, '\\x5c'::bytea], '{2024-01-01, -infinity}',
   'sad', '192.168.0.1/24', '[1,10)', '<a>é</a>'),
  (2, NULL, NULL, NULL, 'NaN', 'Infinity', 'NaN', NULL, false, '', '', '', 'infinity',
   'infinity', '-infinity', NULL, NULL, NULL, 'null', '"\\\\N"', '\\x', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
   'happy', NULL, 'empty', NULL),
  (3, -1, 0, -9007199254740993, '-Infinity', 5e-324, '-0.000000000000000000001', '0.00', NULL,
   E'\\\\N', '\\N', NULL, '0044-03-15 BC', '1900-01-01 00:00:00+00', '0001-01-01 00:00:00 BC', '00:00:00',
   '-1 days', NULL, '[]', '{"e": "🙂 𝄞 中文"}', NULL, ARRAY['🙂', E'x\\\\y'], NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, '::1', NULL, NULL),
  (4, -32768, 2147483647, 9007199254740992, 1.5, 0.1, '1e-20', '0.01', true,
   '   padded   ', 'x', 'abcde', '1970-01-01', '2024-06-30 23:59:59.9+05:30', '2024-06-30 23:59:59',
   '12:00:00', '0 seconds', NULL, '{"k": "line1\\nline2"}', '{}', '\\x5c5c', NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL)`;

describe('postgres source through COPY', () => {
  it('yields the same rows and checkpoints as the query path for every supported type', async () => {
    await pg.sql("CREATE TYPE mood AS ENUM ('sad', 'happy')");
    await pg.sql(everyType);
    await pg.sql(everyValue);
    const { copied, queried } = await readBothWays({ table: 'every_type' }, [], 3);
    expect(rowsOf(copied)).toHaveLength(4);
    expect(copied).toEqual(queried);
    const [first] = rowsOf(copied);
    // Spot checks that the values are the lossless ones, not just equal to each other.
    expect(first?.label).toBe('tab\there\nnewline\r\\back\\slash \b\f\v\u0001\u007f');
    expect(first?.big).toBe(9223372036854775807n);
    expect(first?.at).toBe('2024-01-02T03:04:05.123456Z');
    expect(first?.raw).toEqual(new Uint8Array([0, 255, 92, 10, 9]));
    expect(first?.tags).toEqual(['a\tb', 'c\nd', null, '', '"q"', '\\', 'NULL', '\\N']);
    expect(rowsOf(copied)[2]?.label).toBe('\\N');
    expect(rowsOf(copied)[1]?.label).toBe('');
  });

  it('yields the same rows as the query path for any text, a query, a cursor and a where', async () => {
    await pg.sql('CREATE TABLE texts (id int PRIMARY KEY, v text, j jsonb, updated int)');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\u0000', '')),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        async (texts) => {
          await pg.sql('TRUNCATE texts');
          await pg.sql(
            'INSERT INTO texts SELECT i, t, to_jsonb(t), i % 3 FROM unnest($1::text[]) WITH ORDINALITY AS x(t, i)',
            [texts],
          );
          const table = await readBothWays({ table: 'texts' }, [], 7);
          expect(table.copied).toEqual(table.queried);
          expect(rowsOf(table.copied).map((r) => r.v)).toEqual(texts);
          const query = await readBothWays(
            { query: 'SELECT id, v, j, updated FROM texts', cursor: 'updated', where: 'id % 5 <> 1' },
            ['id'],
            4,
          );
          expect(query.copied).toEqual(query.queried);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('resumes after every batch of a full and of an incremental read', async () => {
    await pg.sql('CREATE TABLE changes (id int PRIMARY KEY, v text, updated_at timestamptz)');
    await pg.sql(`INSERT INTO changes SELECT g, E'v\\t' || g, CASE WHEN g % 4 = 0 THEN NULL
      ELSE timestamptz '2024-01-01' + (g % 3) * interval '1.000001 second' END FROM generate_series(1, 17) g`);
    const full = await pg.openSource({ table: 'changes' }, [], 4);
    const fullRows = rowsOf(await expectResumeFromEveryBoundary(full));
    expect(fullRows.map((r) => r.id)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    await full.close();
    const incremental = await pg.openSource({ table: 'changes', cursor: 'updated_at' }, [], 3);
    const batches = await expectResumeFromEveryBoundary(incremental);
    const byQuery = await pg.openSource({ table: 'changes', cursor: 'updated_at', copy: false }, [], 3);
    expect(batches).toEqual(await readAll(byQuery));
    await incremental.close();
    await byQuery.close();
  });

  it('reads the columns the source opened with when a column is added before the read', async () => {
    await pg.sql('CREATE TABLE grows (id int PRIMARY KEY, a text)');
    await pg.sql("INSERT INTO grows VALUES (1, 'x'), (2, 'y')");
    const source = await pg.openSource({ table: 'grows' }, [], 10);
    await pg.sql('ALTER TABLE grows ADD COLUMN b int DEFAULT 7, ADD COLUMN "a b" text DEFAULT \'z\'');
    expect(rowsOf(await readAll(source))).toEqual([
      { id: 1, a: 'x' },
      { id: 2, a: 'y' },
    ]);
    await source.close();
  });

  it('resumes after text keys with quotes, backslashes and newlines, inlined as literals', async () => {
    await pg.sql('CREATE TABLE named (k text PRIMARY KEY, n int)');
    await pg.sql(`INSERT INTO named VALUES ($1, 1), ($2, 2), ($3, 3), ($4, 4), ($5, 5), ($6, 6)`, [
      "O'Brien",
      'back\\slash',
      "x'; DROP TABLE named; --",
      'line\nbreak',
      '\\x41',
      'é\t\\N',
    ]);
    const source = await pg.openSource({ table: 'named' }, [], 1);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(rowsOf(batches)).toHaveLength(6);
    const byQuery = await pg.openSource({ table: 'named', copy: false }, [], 1);
    expect(batches).toEqual(await readAll(byQuery));
    await source.close();
    await byQuery.close();
  });

  it('stops a COPY on abort and gives its connection back', async () => {
    await pg.sql('CREATE TABLE many (id int PRIMARY KEY, pad text)');
    await pg.sql("INSERT INTO many SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g");
    const source = await pg.openSource({ table: 'many' }, [], 1000, { poolSize: 1 });
    const controller = new AbortController();
    const batches = source.read(undefined, controller.signal)[Symbol.asyncIterator]();
    expect((await batches.next()).value?.rows).toHaveLength(1000);
    controller.abort(new Error('stopped by test'));
    await expect(batches.next()).rejects.toThrow('stopped by test');
    // With one connection in the pool, a second read only starts if the first gave it back.
    const again = await readAll(source, {
      relation: `table ${pg.schema}.many`,
      keyColumns: ['id'],
      cursorColumn: null,
      key: [199998],
    });
    expect(rowsOf(again).map((r) => r.id)).toEqual([199999, 200000]);
    const running = await pg.sql(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND query LIKE $1 AND state = 'active'",
      [`%${pg.schema}%`],
    );
    expect(running.rows[0]?.n).toBe(0);
    await source.close();
  });

  it('gives the connection back when the reader stops early without an abort', async () => {
    await pg.sql('CREATE TABLE early (id int PRIMARY KEY)');
    await pg.sql('INSERT INTO early SELECT generate_series(1, 50000)');
    const source = await pg.openSource({ table: 'early' }, [], 100, { poolSize: 1 });
    for await (const batch of source.read(undefined, new AbortController().signal)) {
      expect(batch.rows).toHaveLength(100);
      break;
    }
    expect(rowsOf(await readAll(source)).length).toBe(50000);
    await source.close();
  });

  it('reports a query that fails half-way as a read error, and a duplicate key', async () => {
    await pg.sql('CREATE TABLE divide (id int PRIMARY KEY, d int)');
    await pg.sql(
      'INSERT INTO divide SELECT g, CASE WHEN g = 4000 THEN 0 ELSE 1 END FROM generate_series(1, 5000) g',
    );
    const failing = await pg.openSource({ query: 'SELECT id, 1 / d AS q FROM divide' }, ['id'], 100);
    const failure = { stage: 'read', message: expect.stringContaining('division by zero') };
    await expect(readAll(failing)).rejects.toMatchObject(failure);
    // The pool still works after the failure: the second read fails the same way, not on a dead connection.
    await expect(readAll(failing)).rejects.toMatchObject(failure);
    await failing.close();
    await pg.sql('CREATE TABLE dup2 (id int, v text)');
    await pg.sql("INSERT INTO dup2 VALUES (1, 'a'), (2, 'b'), (2, 'c'), (3, 'd')");
    const dup = await pg.openSource({ table: 'dup2' }, ['id'], 10);
    await expect(readAll(dup)).rejects.toMatchObject({ code: 'key-not-unique' });
    await dup.close();
  });
});
