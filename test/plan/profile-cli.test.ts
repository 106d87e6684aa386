import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableProfile } from '../../src/profile/column-profile.js';
import { server as mariadbServer } from '../connectors/mysql-test-database.js';
import { server as pgServer } from '../connectors/postgres-helpers.js';
import { runCli } from '../support/cli.js';
import { mixedDatesCsv } from '../support/mixed-dates-csv.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * `syncline profile` through the built CLI on Chinook's customers in SQLite, PostgreSQL and
 * MariaDB (copied from the SQLite file into a database of the test's own), and on a CSV file
 * written with deliberately mixed date formats.
 */

const chinook = path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite');
const tag = `${process.pid}_${Date.now().toString(36)}`;
const pgSchema = `profile_${tag}`;
const mariadbName = `syncline_profile_${tag}`;
const work = makeTempDir('profile');
const pgAdmin = new pg.Client(pgServer);
let maria: mysql.Connection | undefined;

const columns = ['CustomerId', 'FirstName', 'LastName', 'Company', 'City', 'Country', 'Phone', 'Email'];
const ddl = `(CustomerId int PRIMARY KEY, FirstName varchar(40) NOT NULL, LastName varchar(20) NOT NULL,
  Company varchar(80), City varchar(40), Country varchar(40), Phone varchar(24), Email varchar(60) NOT NULL)`;

function customers(): unknown[][] {
  const lite = new Database(chinook, { readonly: true });
  const rows = lite
    .prepare(`SELECT ${columns.join(', ')} FROM Customer ORDER BY CustomerId`)
    .raw()
    .all();
  lite.close();
  return rows as unknown[][];
}

beforeAll(async () => {
  copyFileSync(chinook, path.join(work.dir, 'chinook.db'));
  const rows = customers();
  await pgAdmin.connect();
  await pgAdmin.query(`CREATE SCHEMA ${pg.escapeIdentifier(pgSchema)}`);
  await pgAdmin.query(`CREATE TABLE ${pg.escapeIdentifier(pgSchema)}.customer ${ddl}`);
  const params = rows.flat();
  const tuples = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`);
  await pgAdmin.query(
    `INSERT INTO ${pg.escapeIdentifier(pgSchema)}.customer VALUES ${tuples.join(', ')}`,
    params,
  );
  maria = await mysql.createConnection({ ...mariadbServer, charset: 'utf8mb4' });
  await maria.query(`CREATE DATABASE \`${mariadbName}\` CHARACTER SET utf8mb4`);
  await maria.query(`CREATE TABLE \`${mariadbName}\`.customer ${ddl}`);
  await maria.query(`INSERT INTO \`${mariadbName}\`.customer VALUES ?`, [rows]);
  mkdirSync(path.join(work.dir, 'exports'));
  writeFileSync(path.join(work.dir, 'exports', 'signups.csv'), mixedDatesCsv());
  writeFileSync(
    path.join(work.dir, 'syncline.yaml'),
    [
      'version: 1',
      'project: { name: profile test }',
      'systems:',
      '  shop: { kind: sqlite, connection: { path: chinook.db } }',
      `  crm: { kind: postgres, connection: { host: ${pgServer.host}, port: ${pgServer.port}, user: ${pgServer.user}, database: ${pgServer.database} } }`,
      `  erp: { kind: mysql, connection: { host: ${mariadbServer.host}, port: ${mariadbServer.port}, user: ${mariadbServer.user}, database: ${mariadbName} } }`,
      `  crm-catalog: { kind: postgres, connection: { host: ${pgServer.host}, port: ${pgServer.port}, user: ${pgServer.user}, database: ${pgServer.database}, schema: ${pgSchema} } }`,
      '  exports: { kind: files, connection: { dir: exports } }',
      '  board-pack: { kind: manual }',
    ].join('\n'),
  );
});

afterAll(async () => {
  await pgAdmin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(pgSchema)} CASCADE`).catch(() => {});
  await pgAdmin.end();
  await maria?.query(`DROP DATABASE IF EXISTS \`${mariadbName}\``).catch(() => {});
  await maria?.end();
  work.remove();
});

function profile(target: string, ...args: string[]): TableProfile {
  const result = runCli(['profile', target, '--json', ...args], work.dir);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as TableProfile;
}

function expectChinookCustomers(table: TableProfile): void {
  expect(table.rows).toBe(59);
  const column = (name: string) => table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  expect(column('Company')?.nulls).toBe(49);
  expect(column('Country')?.distinct).toEqual({ count: 24, exact: true });
  expect(column('CustomerId')).toMatchObject({ min: 1, max: 59 });
  expect(column('Phone')?.formats.phone?.formats[0]?.format).toBe('international');
  expect(column('Email')?.case).toEqual({ lower: 59 });
  expect(Object.keys(column('LastName')?.scripts ?? {})).toContain('Latin');
}

describe('syncline profile', () => {
  it('profiles a SQLite table, prints a table and stores the profile beside the spec', () => {
    const result = runCli(['profile', 'shop.Customer'], work.dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/shop\.Customer: 59 rows/);
    expect(result.stdout).toMatch(/Company\s+83\.1%/);
    expect(result.stdout).toMatch(/Phone: phone formats in 58 values: international 100%/);
    const stored = path.join(work.dir, 'profiles', 'shop.Customer.json');
    expect(existsSync(stored)).toBe(true);
    expectChinookCustomers(JSON.parse(readFileSync(stored, 'utf8')) as TableProfile);
  });

  it('profiles the same customers in PostgreSQL and MariaDB', () => {
    expectChinookCustomers(profile(`crm.${pgSchema}.customer`));
    expectChinookCustomers(profile('erp.customer'));
  });

  it('discovers the same Chinook customers table in SQLite, PostgreSQL and MariaDB', () => {
    const shape = (system: string, table: string) => {
      const result = runCli(['discover', system, '--table', table, '--json'], work.dir);
      expect(result.stderr).toBe('');
      const snapshot = JSON.parse(result.stdout) as {
        tables: {
          name: string;
          primaryKey: string[];
          columns: { name: string; nullable: boolean; maxLength?: number }[];
        }[];
      };
      return snapshot.tables[0];
    };
    for (const [system, table] of [
      ['shop', 'Customer'],
      ['crm-catalog', 'customer'],
      ['erp', 'customer'],
    ] as const) {
      const found = shape(system, table);
      // PostgreSQL folds the unquoted names of the test's DDL to lower case.
      expect(
        found?.primaryKey.map((k) => k.toLowerCase()),
        system,
      ).toEqual(['customerid']);
      const byName = new Map(found?.columns.map((c) => [c.name.toLowerCase(), c]));
      expect(byName.get('firstname'), system).toMatchObject({ nullable: false, maxLength: 40 });
      expect(byName.get('lastname'), system).toMatchObject({ nullable: false, maxLength: 20 });
      expect(byName.get('company'), system).toMatchObject({ nullable: true, maxLength: 80 });
      expect(byName.get('email'), system).toMatchObject({ nullable: false, maxLength: 60 });
    }
    expect(existsSync(path.join(work.dir, 'discovery', 'crm-catalog.json'))).toBe(true);
  });

  it('stops after --sample rows', () => {
    const sampled = profile('shop.Invoice', '--sample', '25');
    expect([sampled.rows, sampled.sampled]).toEqual([25, true]);
  });

  it("gives each date format's share in a CSV with mixed dates", () => {
    const table = profile('exports.signups.csv', '--key', 'id');
    const date = table.columns.find((c) => c.name === 'signup_date')?.formats.date;
    expect(date?.formats.map((f) => [f.format, f.count])).toEqual([
      ['dd/MM/yyyy', 71],
      ['MM/dd/yyyy', 20],
      ['ISO', 9],
    ]);
    expect(date?.ambiguous).toBe(11);
    const text = runCli(['profile', 'exports.signups.csv'], work.dir).stdout;
    expect(text).toContain(
      'signup_date: date formats in 100 values: dd/MM/yyyy 71%, MM/dd/yyyy 20%, ISO 9%; 11 values ambiguous',
    );
  });

  it('names the mistake when the system or table is wrong', () => {
    const unknown = runCli(['profile', 'shp.Customer'], work.dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no system "shp".*did you mean "shop"/s);
    const manual = runCli(['profile', 'board-pack.x'], work.dir);
    expect(manual.stderr).toMatch(/cannot be read, so it cannot be profiled/);
    const missing = runCli(['profile', 'shop.Nope'], work.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/Nope/);
    expect(runCli(['profile', 'shop'], work.dir).stderr).toMatch(/write SYSTEM\.TABLE/);
  });
});
