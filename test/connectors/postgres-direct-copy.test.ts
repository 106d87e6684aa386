import { describe, expect, it } from 'vitest';
import { postgres } from '../../src/connectors/postgres/postgres.js';
import type { Row } from '../../src/core/row.js';
import { never } from './helpers.js';
import { usePostgresSchema } from './postgres-helpers.js';

const db = usePostgresSchema('pgcopy');

// Large enough for COPY (default bulkThreshold 500), with text COPY must escape.
function people(from: number, to: number, tag: string): Row[] {
  return Array.from({ length: to - from }, (_, i) => {
    const id = from + i;
    return {
      id,
      name: id % 7 === 0 ? null : `${tag} Wójcik\t${id}\\n\n`,
      n: `${id % 1000}.5`,
      doc: { tag, list: [id, 'grün'] },
    };
  });
}

const table = async (name: string) =>
  (await db.sql(`SELECT id, name, n::text AS n, doc, d FROM ${name} ORDER BY id`)).rows;

describe('postgres target: COPY straight into the table (decision 0043)', () => {
  it('copies new keys in, and upserts a batch with existing keys through the staged merge', async () => {
    await db.sql(
      'CREATE TABLE people (id int PRIMARY KEY, name text, n numeric(6,2), doc jsonb, d int DEFAULT 7)',
    );
    const target = await db.openTarget({ table: 'people' }, 'upsert', ['id']);
    const first = await target.write({ rows: people(0, 1000, 'a'), key: ['id'], mode: 'upsert' }, never);
    expect(first).toEqual({ written: 1000, rejected: [] });
    // Half of these keys exist: the COPY fails on them, and the merge writes every row.
    const second = await target.write({ rows: people(500, 1500, 'b'), key: ['id'], mode: 'upsert' }, never);
    expect(second).toEqual({ written: 1000, rejected: [] });
    const again = await target.write({ rows: people(500, 1500, 'b'), key: ['id'], mode: 'upsert' }, never);
    expect(again).toEqual({ written: 1000, rejected: [] });
    const rows = await table('people');
    expect(rows).toHaveLength(1500);
    const expected = [...people(0, 500, 'a'), ...people(500, 1500, 'b')].map((row) => ({
      ...row,
      n: `${row.n}0`,
      d: 7,
    }));
    expect(rows).toEqual(expected);
    await target.close();
  });

  it('insert: a COPY-sized batch with existing keys rejects exactly those as duplicate-key', async () => {
    await db.sql('CREATE TABLE dup (id int PRIMARY KEY, name text, n numeric(6,2), doc jsonb, d int)');
    await db.sql("INSERT INTO dup (id, name) SELECT g * 100, 'old' FROM generate_series(0, 5) g");
    const target = await db.openTarget({ table: 'dup' }, 'insert', ['id']);
    const result = await target.write({ rows: people(0, 600, 'x'), key: ['id'], mode: 'insert' }, never);
    expect(result.written).toBe(594);
    expect(result.rejected.map((r) => [r.index, r.issue.code])).toEqual(
      [0, 100, 200, 300, 400, 500].map((index) => [index, 'duplicate-key']),
    );
    expect((await db.sql('SELECT count(*)::int AS n FROM dup')).rows[0].n).toBe(600);
    await target.close();
  });

  it('keeps INSERT semantics for a table with a rule, which COPY would skip', async () => {
    await db.sql('CREATE TABLE ruled (id int PRIMARY KEY, name text, n numeric(6,2), doc jsonb)');
    await db.sql('CREATE TABLE ruled_log (id int)');
    await db.sql(
      'CREATE RULE log_insert AS ON INSERT TO ruled DO ALSO INSERT INTO ruled_log VALUES (NEW.id)',
    );
    const target = await db.openTarget({ table: 'ruled' }, 'insert');
    const result = await target.write({ rows: people(0, 600, 'r'), key: [], mode: 'insert' }, never);
    expect(result).toEqual({ written: 600, rejected: [] });
    expect((await db.sql('SELECT count(*)::int AS n FROM ruled_log')).rows[0].n).toBe(600);
    await target.close();
  });

  it('commits the checkpoint with a direct COPY, and with the staged upsert after a failed one (checkpointInTarget)', async () => {
    await db.sql('CREATE TABLE kept (id int PRIMARY KEY, name text, n numeric(6,2), doc jsonb)');
    const definition = postgres.target as NonNullable<typeof postgres.target>;
    const target = await definition.open(
      { system: 'erp', config: db.config(), baseDir: '.' },
      {
        options: definition.options.parse({ table: 'kept', checkpointInTarget: true }),
        key: ['id'],
        mode: 'upsert',
        resume: undefined,
        flow: 'copy',
      },
    );
    const result = await target.write(
      { rows: people(0, 800, 'k'), key: ['id'], mode: 'upsert', checkpoint: { after: 799 } },
      never,
    );
    expect(result).toEqual({ written: 800, rejected: [] });
    expect((await db.sql('SELECT count(*)::int AS n FROM kept')).rows[0].n).toBe(800);
    const kept = async () =>
      (await db.sql("SELECT seq::int AS seq, checkpoint FROM syncline_checkpoints WHERE flow = 'copy'")).rows;
    expect(await kept()).toEqual([{ seq: 1, checkpoint: '{"after":799}' }]);
    // Existing keys: the COPY and its checkpoint roll back, the staged upsert commits both.
    const again = await target.write(
      { rows: people(400, 1200, 'l'), key: ['id'], mode: 'upsert', checkpoint: { after: 1199 } },
      never,
    );
    expect(again).toEqual({ written: 800, rejected: [] });
    expect(await kept()).toEqual([{ seq: 2, checkpoint: '{"after":1199}' }]);
    expect((await db.sql("SELECT count(*)::int AS n FROM kept WHERE doc->>'tag' = 'l'")).rows[0].n).toBe(800);
    await target.close();
  });
});
