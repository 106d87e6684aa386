import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isIssue } from '../../src/core/issue.js';
import type { Row } from '../../src/core/row.js';
import { never } from './helpers.js';
import { server, usePostgresSchema } from './postgres-helpers.js';

const db = usePostgresSchema('pgdst');
const ids = (rows: readonly Row[]) => rows.map((r) => r.id);

describe('postgres target', () => {
  it('isolates scattered bad rows in a COPY-sized batch by halving, and commits the rest', async () => {
    await db.sql('CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, n numeric(6,2), at timestamptz)');
    const target = await db.openTarget({ table: 't' }, 'upsert', ['id']);
    const bad = new Set([0, 17, 18, 500, 1333, 1999]);
    const rows: Row[] = Array.from({ length: 2000 }, (_, i) => {
      if (!bad.has(i)) return { id: i, name: `n${i}`, n: '1.50', at: '2024-01-01T00:00:00.000001Z' };
      if (i % 3 === 0) return { id: i, name: null, n: '1.50', at: null };
      if (i % 3 === 1) return { id: i, name: 'x', n: '10000.00', at: null }; // numeric(6,2) overflow
      return { id: i, name: 'x', n: '1', at: 'not a time' };
    });
    const started = Date.now();
    const result = await target.write({ rows, key: ['id'], mode: 'upsert' }, never);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.written).toBe(2000 - bad.size);
    expect(result.rejected.map((r) => [r.index, r.issue.code])).toEqual([
      [0, 'not-null'],
      [17, 'invalid-value'],
      [18, 'not-null'],
      [500, 'invalid-value'],
      [1333, 'invalid-value'],
      [1999, 'invalid-value'],
    ]);
    expect(result.rejected[0]?.issue).toMatchObject({ path: 'name', stage: 'write' });
    expect(result.rejected.every((r) => isIssue(r.issue))).toBe(true);
    expect(result.rejected.find((r) => r.index === 1333)?.issue).toMatchObject({
      path: 'n',
      message: expect.stringMatching(/numeric field overflow.*22003/),
    });
    expect(result.rejected.find((r) => r.index === 17)?.issue).toMatchObject({ path: 'at' });
    const { rows: count } = await db.sql('SELECT count(*)::int AS n FROM t');
    expect(count[0].n).toBe(2000 - bad.size);
    await target.close();
  });

  it('rejects every row of a batch that is all bad, writing nothing', async () => {
    await db.sql('CREATE TABLE allbad (id int PRIMARY KEY, name text NOT NULL)');
    const target = await db.openTarget({ table: 'allbad' }, 'insert');
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: i, name: null }));
    const result = await target.write({ rows, key: ['id'], mode: 'insert' }, never);
    expect(result.written).toBe(0);
    expect(result.rejected.map((r) => r.index)).toEqual(rows.map((_, i) => i));
    await target.close();
  });

  it('pins a deferred foreign-key violation on its row instead of failing at commit', async () => {
    await db.sql('CREATE TABLE parent (id int PRIMARY KEY)');
    await db.sql(
      'CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)',
    );
    await db.sql('INSERT INTO parent VALUES (1)');
    const target = await db.openTarget({ table: 'child' }, 'upsert', ['id']);
    const result = await target.write(
      {
        rows: [
          { id: 1, parent_id: 1 },
          { id: 2, parent_id: 99 },
          { id: 3, parent_id: 1 },
        ],
        key: ['id'],
        mode: 'upsert',
      },
      never,
    );
    expect(result.rejected.map((r) => [r.index, r.issue.code])).toEqual([[1, 'foreign-key']]);
    expect(ids((await db.sql('SELECT id FROM child ORDER BY id')).rows)).toEqual([1, 3]);
    await target.close();
  });

  it('refuses text with U+0000 before the server, and a column the table lacks for the whole batch', async () => {
    await db.sql('CREATE TABLE nul (id int PRIMARY KEY, name text)');
    const target = await db.openTarget({ table: 'nul' }, 'upsert', ['id']);
    const result = await target.write(
      {
        rows: [
          { id: 1, name: 'a\u0000b' },
          { id: 2, name: 'ok' },
        ],
        key: ['id'],
        mode: 'upsert',
      },
      never,
    );
    expect(result).toMatchObject({
      written: 1,
      rejected: [{ index: 0, issue: { code: 'invalid-value', path: 'name' } }],
    });
    await expect(
      target.write({ rows: [{ id: 3, nme: 'typo' }], key: ['id'], mode: 'upsert' }, never),
    ).rejects.toMatchObject({
      kind: 'config',
      code: 'column-not-found',
      message: expect.stringContaining('"nme"'),
    });
    await target.close();
  });

  it('checks mode, key and unique index at open, and refuses views', async () => {
    await db.sql('CREATE TABLE nokey (a int, b int)');
    await db.sql('CREATE TABLE uq (id int PRIMARY KEY, email text UNIQUE, other text)');
    await db.sql('CREATE VIEW v AS SELECT * FROM uq');
    await expect(db.openTarget({ table: 'nokey' }, 'upsert')).rejects.toMatchObject({ code: 'key-required' });
    await expect(db.openTarget({ table: 'uq' }, 'upsert', ['other'])).rejects.toMatchObject({
      code: 'unique-key-required',
      hint: expect.stringContaining('("id"), ("email")'),
    });
    const byEmail = await db.openTarget({ table: 'uq' }, 'upsert', ['email']);
    await byEmail.close();
    await expect(db.openTarget({ table: 'nokey' }, 'mirror')).rejects.toMatchObject({ code: 'key-required' });
    await (await db.openTarget({ table: 'uq' }, 'mirror', ['id'])).close();
    await expect(db.openTarget({ table: 'v' }, 'upsert', ['id'])).rejects.toMatchObject({
      code: 'target-is-view',
    });
    const insert = await db.openTarget({ table: 'nokey' }, 'insert');
    expect(await insert.write({ rows: [{ a: 1, b: 2 }], key: [], mode: 'insert' }, never)).toEqual({
      written: 1,
      rejected: [],
    });
    await insert.close();
  });

  it('reads rows by a composite key of text and timestamptz', async () => {
    await db.sql('CREATE TABLE ck (region text, at timestamptz, v numeric, PRIMARY KEY (region, at))');
    await db.sql(
      `INSERT INTO ck VALUES ('north', '2024-01-01 00:00:00.000001+00', 1.10), ('south', '2024-01-01 00:00:00.000001+00', 2)`,
    );
    const target = await db.openTarget({ table: 'ck' }, 'upsert');
    const found = await target.readByKeys?.(
      [
        { region: 'north', at: '2024-01-01T00:00:00.000001Z' },
        { region: 'north', at: '2024-01-01T00:00:00.000002Z' },
        { region: 'east', at: null },
      ],
      ['region', 'at'],
    );
    expect(found).toEqual([{ region: 'north', at: '2024-01-01T00:00:00.000001Z', v: '1.10' }]);
    await target.close();
  });

  it('reports a backend terminated mid-write as transient, and writes again afterwards', async () => {
    await db.sql('CREATE TABLE locked (id int PRIMARY KEY, v text)');
    await db.sql("INSERT INTO locked VALUES (1, 'old')");
    const holder = new pg.Client(server);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT * FROM ${pg.escapeIdentifier(db.schema)}.locked WHERE id = 1 FOR UPDATE`);
    const target = await db.openTarget({ table: 'locked' }, 'upsert', ['id']);
    // The outcome is taken at once: the write may fail while the loop below still awaits its own
    // query, and a rejection nobody listens to yet would surface as an unhandled one.
    const outcome = target.write({ rows: [{ id: 1, v: 'new' }], key: ['id'], mode: 'upsert' }, never).then(
      () => undefined,
      (error: unknown) => error,
    );
    // Wait until this write is blocked on the row lock, then end its backend. Only a backend whose
    // query names this test's schema is ended: other test files run their own syncline writes.
    for (let i = 0; i < 100; i++) {
      const { rows } = await db.sql(
        `SELECT pid FROM pg_stat_activity
          WHERE application_name = 'syncline' AND wait_event_type = 'Lock' AND position($1 in query) > 0`,
        [db.schema],
      );
      if (rows.length > 0) {
        await db.sql('SELECT pg_terminate_backend($1)', [rows[0].pid]);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await outcome).toMatchObject({ kind: 'transient', stage: 'write' });
    await holder.query('ROLLBACK');
    await holder.end();
    expect(await target.write({ rows: [{ id: 1, v: 'new' }], key: ['id'], mode: 'upsert' }, never)).toEqual({
      written: 1,
      rejected: [],
    });
    await target.close();
  });
});
