import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { server as postgresServer } from './connectors/postgres-helpers.js';
import { runCli } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * Lookup tables read live from other systems when a run starts: the reference rule checks
 * client numbers against the ERP's own table (SQLite), and convert-currency takes dated
 * exchange rates from a finance database (PostgreSQL, numeric kept exact).
 */
describe('lookups read from other systems', () => {
  const temp = makeTempDir('lookup-systems');
  const schema = `lookups_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client(postgresServer);
  const spec = path.join(temp.dir, 'syncline.yaml');

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.fx_rates (currency text, day date, rate numeric(12,6),
      PRIMARY KEY (currency, day))`);
    await admin.query(`INSERT INTO ${schema}.fx_rates VALUES ('USD', '2024-01-02', 1.095600), ('USD', '2024-01-05', 1.092100),
      ('NOK', '2024-01-02', 11.482500), ('EUR', '2024-01-02', 1)`);
    const crm = new Database(path.join(temp.dir, 'crm.db'));
    crm.exec(`CREATE TABLE orders (id INTEGER PRIMARY KEY, client TEXT, amount TEXT, currency TEXT, day TEXT);
      INSERT INTO orders VALUES (1, 'C-1', '10.00', 'USD', '2024-01-04'), (2, 'C-2', '100', 'NOK', '2024-01-03'),
        (3, 'C-9', '5.00', 'USD', '2024-01-05');`);
    crm.close();
    const erp = new Database(path.join(temp.dir, 'erp.db'));
    erp.exec(`CREATE TABLE clients (client_no TEXT PRIMARY KEY, name TEXT);
      INSERT INTO clients VALUES ('C-1', 'Ann'), ('C-2', 'Bo');`);
    erp.close();
    const { host, port, user, database } = postgresServer;
    writeFileSync(
      spec,
      [
        'version: 1',
        'project: { name: lookups }',
        'systems:',
        '  crm: { kind: sqlite, connection: { path: crm.db } }',
        '  erp: { kind: sqlite, connection: { path: erp.db } }',
        `  finance-db: { kind: postgres, connection: { host: ${host}, port: ${port}, user: ${user}, database: ${database}, schema: ${schema} } }`,
        '  out: { kind: files, connection: { dir: out } }',
        'lookups:',
        '  erp-clients: { from: { system: erp, table: clients }, key: client_no, value: name }',
        '  fx: { from: { system: finance-db, table: fx_rates }, key: [currency, day], value: rate }',
        'flows:',
        '  orders:',
        '    from: { system: crm, table: orders, key: id, cursor: id }',
        '    to: { system: out, file: orders.csv, mode: insert }',
        '    fields:',
        '      - { from: id, to: id }',
        '      - { from: client, to: client, validate: reference(erp-clients) }',
        '      - { from: amount, to: amount_eur, transform: "convert-currency(fromField: currency, to: EUR, rates: fx, base: EUR, asOf: day)" }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    temp.remove();
  });

  it('validates without connecting to the systems', () => {
    const result = runCli(['validate', '--spec', spec], temp.dir, { PGPORT: '1' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('checks references and converts with the live tables when a run starts', () => {
    const run = runCli(['run', '--spec', spec, '--json'], temp.dir);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).runs[0]).toMatchObject({
      status: 'succeeded',
      read: 3,
      written: 2,
      deadLettered: 1,
    });
    // 10 USD on 2024-01-04 at the 2024-01-02 rate 1.0956: 9.127418... -> 9.13; 100 NOK / 11.4825 = 8.71.
    expect(readFileSync(path.join(temp.dir, 'out', 'orders.csv'), 'utf8')).toBe(
      'id,client,amount_eur\n1,C-1,9.13\n2,C-2,8.71\n',
    );
    const letters = JSON.parse(runCli(['dead-letters', 'list', '--spec', spec, '--json'], temp.dir).stdout);
    expect(letters.deadLetters).toHaveLength(1);
    expect(letters.deadLetters[0]).toMatchObject({ key: [3], field: 'client' });
  });

  it('names the lookup and the column when the source table does not have it', () => {
    const broken = path.join(temp.dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(spec, 'utf8').replace('value: name }', 'value: nmae }'));
    const result = runCli(['run', '--spec', broken], temp.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('lookup table "erp-clients" (system erp): no column "nmae"');
  });

  it('reports an unknown system in a lookup at its line', () => {
    const broken = path.join(temp.dir, 'unknown.yaml');
    writeFileSync(
      broken,
      readFileSync(spec, 'utf8').replace(
        '{ system: erp, table: clients }',
        '{ system: epr, table: clients }',
      ),
    );
    const result = runCli(['validate', '--spec', broken], temp.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /unknown\.yaml:\d+:\d+ lookups\.erp-clients\.from\.system: no system "epr" under systems:/,
    );
  });
});
