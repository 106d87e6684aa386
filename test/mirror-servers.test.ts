import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { mysqlTables, postgresTables, type ServerTables } from './support/rollback-tables.js';
import { sqliteTables } from './support/sqlite-tables.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * Mode mirror on PostgreSQL, MariaDB and SQLite, through the CLI: the target ends up holding exactly the
 * source's records, but only after a read that began at the start and completed — a read that
 * fails part-way, or one that resumes it, deletes nothing — and the deletions are journaled,
 * so a rollback brings the deleted rows back. The source is a view (items plus items_extra),
 * so a duplicate key in items_extra makes the read fail for real after some batches.
 */

const servers: readonly [string, () => Promise<ServerTables>][] = [
  ['postgres', postgresTables],
  ['mysql', mysqlTables],
  ['sqlite', sqliteTables],
];

describe.each(servers)('mode mirror (%s)', (kind, open) => {
  let tables: ServerTables;
  let work: ReturnType<typeof makeTempDir>;
  const spec = () => path.join(work.dir, 'syncline.yaml');
  /** A spec's start: src and dst both on this server, then `flows:`. */
  const specHead = () => `version: 1
project: { name: mirror on ${kind} }
systems:
  src: { kind: ${kind}, connection: ${tables.connection} }
  dst: { kind: ${kind}, connection: ${tables.connection} }
flows:
`;
  const ids = async () => (await tables.dumpTarget()).map((row) => Number(row[0]));
  const run = () => {
    const result = runCli(['run', 'copy', '--json', '--spec', spec()]);
    const runs = (JSON.parse(result.stdout) as { runs: { id: string; status: string; written: number }[] })
      .runs;
    return { ...result, run: runs[0] };
  };

  beforeAll(async () => {
    work = makeTempDir(`mirror-${kind}`);
    tables = await open();
    await tables.exec('CREATE TABLE items_extra AS SELECT * FROM items WHERE id = 25');
    await tables.exec('CREATE VIEW items_all AS SELECT * FROM items UNION ALL SELECT * FROM items_extra');
    writeFileSync(
      spec(),
      `${specHead()}  copy:
    from: { system: src, table: items_all, key: id, batchSize: 7 }
    to: { system: dst, table: items_copy, key: id, mode: mirror }
    rollback: journal
    fields:
      - { from: id, to: id }
      - { from: name, to: name }
      - { from: amount, to: amount }
      - { from: updated_at, to: updated_at }
`,
    );
  }, 60_000);
  afterAll(async () => {
    await tables?.close();
    work?.remove();
  });

  it('deletes nothing when the read fails part-way, nor when a run resumes it', async () => {
    const before = await ids();
    expect(before).toEqual(range(1, 20));
    const failed = run();
    expect(failed.run?.status).toBe('failed');
    expect(failed.stdout + failed.stderr).toContain('key-not-unique');
    // Batches before the duplicate were upserted (ids 11..24); nothing was deleted.
    expect(await ids()).toEqual(range(1, 24));

    await tables.exec('DELETE FROM items_extra');
    const resumed = run();
    expect(resumed.run?.status).toBe('succeeded');
    expect(resumed.stderr).toContain('mirror: no target record deleted this run: the read resumed');
    expect(await ids()).toEqual(range(1, 40));
  });

  it('deletes the target rows the source no longer has after a complete read, and rollback restores them', async () => {
    const beforeRows = await tables.dumpTarget();
    const complete = run();
    expect(complete.stderr).not.toContain('warn');
    expect(complete.run?.status).toBe('succeeded');
    // 30 upserted, 10 deleted.
    expect(complete.run?.written).toBe(40);
    const after = await tables.dumpTarget();
    expect(after.map((row) => Number(row[0]))).toEqual(range(11, 40));
    // The target's own column survives on the rows that stay.
    expect(after[0]?.at(-1)).toBe('keep 11');

    const undone = runCli(['rollback', complete.run?.id ?? '', '--spec', spec()]);
    expect(undone.stderr).toBe('');
    expect(undone.status).toBe(0);
    expect(await tables.dumpTarget()).toEqual(beforeRows);
  });

  it('refuses mirror with an incremental read before anything runs', () => {
    const incremental = path.join(work.dir, 'incremental.yaml');
    writeFileSync(
      incremental,
      `${specHead()}  copy:
    from: { system: src, table: items, key: id, cursor: updated_at }
    to: { system: dst, table: items_copy, key: id, mode: mirror }
`,
    );
    const result = runCli(['run', 'copy', '--spec', incremental]);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      'so it needs a full read, and this source reads incrementally',
    );
    expect(result.stdout + result.stderr).toContain('flows.copy.to.mode');
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('mode mirror: when deleting would lose a record, nothing is deleted (sqlite)', () => {
  let work: ReturnType<typeof makeTempDir>;
  const db = (name: string) => path.join(work.dir, name);
  const targetIds = () => {
    const target = new Database(db('target.db'));
    try {
      return (target.prepare('SELECT id FROM items ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    } finally {
      target.close();
    }
  };

  beforeAll(() => {
    work = makeTempDir('mirror-guards');
    const source = new Database(db('source.db'));
    source.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
      INSERT INTO items VALUES (3, 'three'), (4, NULL), (5, 'five');
      CREATE TABLE empty_items (id INTEGER PRIMARY KEY, name TEXT)`);
    source.close();
    const target = new Database(db('target.db'));
    target.exec(`CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);
      INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'old three')`);
    target.close();
    writeFileSync(
      path.join(work.dir, 'syncline.yaml'),
      `version: 1
project: { name: mirror guards }
systems:
  src: { kind: sqlite, connection: { path: source.db } }
  dst: { kind: sqlite, connection: { path: target.db } }
flows:
  validated:
    from: { system: src, table: items }
    to: { system: dst, table: items, key: id, mode: mirror }
    fields:
      - { from: id, to: id }
      - { from: name, to: name, validate: [required] }
  empty:
    from: { system: src, table: empty_items }
    to: { system: dst, table: items, key: id, mode: mirror }
`,
    );
  });
  afterAll(() => work?.remove());

  it('keeps every target row when a record failed validation (its target key is unknown)', () => {
    const result = runCli(['run', 'validated', '--spec', path.join(work.dir, 'syncline.yaml')]);
    expect(result.stderr).toContain('mirror: no target record deleted this run: 1 record(s) failed before');
    // 3 and 5 upserted, 4 is a dead letter; 1 and 2 stay because the run cannot know 4's key.
    expect(targetIds()).toEqual([1, 2, 3, 5]);
  });

  it('does not empty the table when the source delivered no record', () => {
    const result = runCli(['run', 'empty', '--spec', path.join(work.dir, 'syncline.yaml')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      'mirror: no target record deleted this run: the source delivered no records',
    );
    expect(targetIds()).toEqual([1, 2, 3, 5]);
  });
});
