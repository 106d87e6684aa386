import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SystemSnapshot } from '../../src/core/table-shape.js';
import { createTestDatabase, type TestDatabase } from '../connectors/mysql-test-database.js';
import { server as postgresServer } from '../connectors/postgres-helpers.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * The target's schema, read from the real server, decides what a run writes: values that do
 * not fit the column are fitted by the flow's policy or dead-lettered with the column named,
 * instead of failing the batch in the database (issue 3 item 3). The same rows go to a
 * PostgreSQL and a MariaDB table; discover writes what the run used.
 */
const people = [
  { id: 1, name: 'Ann', city: 'Paris', notes: 'fits' },
  { id: 2, name: 'Maximiliana Theodora', city: 'Rome', notes: 'name too long' },
  { id: 3, name: 'Bo', city: 'Łódź', notes: 'city transliterated' },
  { id: 4, name: 'Zoë 😀', city: 'Oslo', notes: 'emoji in a latin1 name' },
  { id: 5, name: null, city: 'Lima', notes: 'no name' },
  { id: 6, name: 'Cy', city: 'Kyiv', notes: 'nul \u0000 inside' },
];

function writeProject(dir: string, target: string): string {
  const db = new Database(path.join(dir, 'crm.db'));
  db.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, city TEXT, notes TEXT)');
  const insert = db.prepare('INSERT INTO people VALUES (@id, @name, @city, @notes)');
  for (const row of people) insert.run(row);
  db.close();
  const spec = path.join(dir, 'syncline.yaml');
  writeFileSync(
    spec,
    [
      'version: 1',
      'project: { name: fit }',
      'systems:',
      '  crm: { kind: sqlite, connection: { path: crm.db } }',
      `  erp: ${target}`,
      'flows:',
      '  people:',
      '    from: { system: crm, table: people, key: id }',
      '    to: { system: erp, table: people, key: id, mode: upsert }',
      '    fit: { columns: { city: { unencodable: transliterate } } }',
    ].join('\n'),
  );
  return spec;
}

function runAndCollect(dir: string, spec: string) {
  const run = runCli(['run', '--spec', spec, '--json'], dir);
  expect(run.stderr).toBe('');
  const letters = runCli(['dead-letters', 'list', '--spec', spec, '--json'], dir);
  const deadLetters = (
    JSON.parse(letters.stdout).deadLetters as { key: unknown; code: string; field: string; message: string }[]
  )
    .map((letter) => ({
      id: JSON.stringify(letter.key),
      code: letter.code,
      field: letter.field,
      message: letter.message,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { run: JSON.parse(run.stdout), deadLetters };
}

describe('fitting to a PostgreSQL table', () => {
  const temp = makeTempDir('fit-pg');
  const schema = `fit_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client(postgresServer);
  let spec: string;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${schema}.people (id integer PRIMARY KEY, name varchar(10) NOT NULL, city varchar(20),
         notes text, created timestamptz NOT NULL DEFAULT now(), amount numeric(12,2))`,
    );
    const { host, port, user, database } = postgresServer;
    spec = writeProject(
      temp.dir,
      `{ kind: postgres, connection: { host: ${host}, port: ${port}, user: ${user}, database: ${database}, schema: ${schema} } }`,
    );
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    temp.remove();
  });

  it('writes what fits and dead-letters the rest with the column named', async () => {
    const { run, deadLetters } = runAndCollect(temp.dir, spec);
    expect(run.runs[0]).toMatchObject({ status: 'succeeded', read: 6, written: 3, deadLettered: 3 });
    expect(deadLetters).toEqual([
      {
        id: '[2]',
        code: 'too-long',
        field: 'name',
        message: 'name: "Maximiliana Theodora" is 20 characters, but erp table "people" column name holds 10',
      },
      {
        id: '[5]',
        code: 'null-not-allowed',
        field: 'name',
        message: 'name: is empty, but erp table "people" column name is NOT NULL',
      },
      {
        id: '[6]',
        code: 'unencodable',
        field: 'notes',
        message:
          'notes: "nul \\u0000 inside" has "\\u0000" (U+0000), but erp table "people" column notes cannot store U+0000',
      },
    ]);
    const rows = await admin.query(`SELECT id, name, city FROM ${schema}.people ORDER BY id`);
    // PostgreSQL's UTF8 database takes the emoji and the Polish letters as they are.
    expect(rows.rows).toEqual([
      { id: 1, name: 'Ann', city: 'Paris' },
      { id: 3, name: 'Bo', city: 'Łódź' },
      { id: 4, name: 'Zoë 😀', city: 'Oslo' },
    ]);
  });

  it('discover writes the table as the run saw it', () => {
    const result = runCli(['discover', 'erp', '--spec', spec], temp.dir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('table people');
    const snapshot = JSON.parse(
      readFileSync(path.join(temp.dir, 'discovery', 'erp.json'), 'utf8'),
    ) as SystemSnapshot;
    expect(snapshot).toMatchObject({ version: 1, system: 'erp', kind: 'postgres' });
    const [table] = snapshot.tables;
    expect(table?.primaryKey).toEqual(['id']);
    expect(table?.columns).toEqual([
      { name: 'id', type: 'integer', nullable: false, hasDefault: false },
      {
        name: 'name',
        type: 'character varying(10)',
        nullable: false,
        hasDefault: false,
        maxLength: 10,
        rejectsNul: true,
      },
      {
        name: 'city',
        type: 'character varying(20)',
        nullable: true,
        hasDefault: false,
        maxLength: 20,
        rejectsNul: true,
      },
      { name: 'notes', type: 'text', nullable: true, hasDefault: false, rejectsNul: true },
      { name: 'created', type: 'timestamp with time zone', nullable: false, hasDefault: true },
      { name: 'amount', type: 'numeric(12,2)', nullable: true, hasDefault: false, precision: 12, scale: 2 },
    ]);
  });

  it('discover names a missing table with a suggestion', () => {
    const result = runCli(['discover', 'erp', '--table', 'peple', '--spec', spec], temp.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `System "erp" has no table "peple" in schema "${schema}" — did you mean "people"?`,
    );
  });
});

describe('fitting to a MariaDB table', () => {
  const temp = makeTempDir('fit-mysql');
  let database: TestDatabase;
  let spec: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.sql(
      `CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(10) CHARACTER SET latin1 NOT NULL,
         city VARCHAR(20) CHARACTER SET latin1, notes VARCHAR(40) CHARACTER SET utf8mb3,
         created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB`,
    );
    const { host, port, user } = database.config();
    spec = writeProject(
      temp.dir,
      `{ kind: mysql, connection: { host: ${host}, port: ${port}, user: ${user}, database: ${database.name} } }`,
    );
  });
  afterAll(async () => {
    await database.drop();
    temp.remove();
  });

  it('refuses what latin1 cannot hold and transliterates where the flow says so', async () => {
    const { run, deadLetters } = runAndCollect(temp.dir, spec);
    expect(run.runs[0]).toMatchObject({ status: 'succeeded', read: 6, written: 3, deadLettered: 3 });
    expect(deadLetters.map((l) => [l.id, l.code, l.field])).toEqual([
      ['[2]', 'too-long', 'name'],
      ['[4]', 'unencodable', 'name'],
      ['[5]', 'null-not-allowed', 'name'],
    ]);
    expect(deadLetters[1]?.message).toBe(
      'name: "Zoë 😀" has "😀" (U+1F600), but erp table "people" column name stores windows-1252 only',
    );
    const rows = await database.sql('SELECT id, name, city, notes FROM people ORDER BY id');
    expect(rows).toEqual([
      { id: 1, name: 'Ann', city: 'Paris', notes: 'fits' },
      { id: 3, name: 'Bo', city: 'Lódz', notes: 'city transliterated' },
      { id: 6, name: 'Cy', city: 'Kyiv', notes: 'nul \u0000 inside' },
    ]);
  });

  it('discover reads lengths and character sets from information_schema', () => {
    const result = runCli(['discover', 'erp', '--json', '--spec', spec], temp.dir);
    expect(result.stderr).toBe('');
    const snapshot = JSON.parse(result.stdout) as SystemSnapshot;
    const columns = snapshot.tables.find((t) => t.name === 'people')?.columns;
    expect(columns?.map((c) => [c.name, c.maxLength, c.charset, c.nullable, c.hasDefault])).toEqual([
      ['id', undefined, undefined, false, false],
      ['name', 10, 'windows-1252', false, false],
      ['city', 20, 'windows-1252', true, false],
      ['notes', 40, 'utf8mb3', true, false],
      ['created', undefined, undefined, false, true],
    ]);
  });
});

describe('discovering a SQLite file', () => {
  it('takes declared lengths as the limits and counts rows', () => {
    const temp = makeTempDir('discover-sqlite');
    try {
      const spec = writeProject(temp.dir, '{ kind: sqlite, connection: { path: crm.db } }');
      const result = runCli(['discover', 'crm', '--json', '--spec', spec], temp.dir);
      expect(result.stderr).toBe('');
      const [table] = (JSON.parse(result.stdout) as SystemSnapshot).tables;
      expect(table).toMatchObject({ name: 'people', kind: 'table', rows: 6, primaryKey: ['id'] });
      expect(table?.columns[0]).toEqual({ name: 'id', type: 'INTEGER', nullable: false, hasDefault: true });
    } finally {
      temp.remove();
    }
  });
});
