import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * `syncline validate` and `syncline plan` check a flow's mapping against the discovery
 * snapshots written by `syncline discover`: Chinook's customers (SQLite) into an ERP table
 * whose columns differ on purpose, one mistake per check.
 */

const work = makeTempDir('discovery-checks');
const spec = path.join(work.dir, 'syncline.yaml');

const header = [
  'version: 1',
  'project: { name: discovery checks }',
  'systems:',
  '  shop: { kind: sqlite, connection: { path: chinook.db } }',
  '  erp: { kind: sqlite, connection: { path: erp.db } }',
  'flows:',
  '  customers:',
  '    from: { system: shop, table: Customer, key: CustomerId }',
  '    to: { system: erp, table: clients, key: client_no }',
  '    fields:',
];
const goodFields = [
  '      - { from: CustomerId, to: client_no }',
  '      - { from: FirstName, to: first_name }',
  '      - { from: Email, to: email, transform: "trim | lower | truncate(40)" }',
  '      - { from: Country, to: country, transform: "upper | truncate(2)" }',
  '      - { from: SupportRepId, to: visits }',
];
const badFields = [
  '      - { from: CustomerId, to: client_no }',
  '      - { from: FirstNme, to: first_name }',
  '      - { from: Email, to: email, transform: "trim | lower" }',
  '      - { from: Company, to: visits }',
  '      - { from: City, to: town }',
];
const writeSpec = (fields: readonly string[]) => writeFileSync(spec, [...header, ...fields, ''].join('\n'));

beforeAll(() => {
  copyFileSync(
    path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite'),
    path.join(work.dir, 'chinook.db'),
  );
  const erp = new Database(path.join(work.dir, 'erp.db'));
  erp.exec(`CREATE TABLE clients (client_no VARCHAR(12) PRIMARY KEY NOT NULL, first_name VARCHAR(40) NOT NULL,
    email VARCHAR(40), country CHAR(2) NOT NULL, visits INTEGER, created_on DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)`);
  erp.close();
});
afterAll(() => work.remove());

describe('checks against discovery snapshots', () => {
  it('say nothing before discover, and suggest running it', () => {
    writeSpec(badFields);
    const result = runCli(['validate', '--spec', spec], work.dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('note: shop, erp never discovered; run syncline discover shop');
  });

  it('name the spec line, flow, field and fix of every mismatch after discover', () => {
    for (const system of ['shop', 'erp']) {
      const discovered = runCli(['discover', system, '--spec', spec], work.dir);
      expect(discovered.stderr).toBe('');
      expect(discovered.status).toBe(0);
    }
    const result = runCli(['validate', '--spec', spec], work.dir);
    expect(result.status).toBe(2);
    const lines = result.stderr.split('\n').concat(result.stdout.split('\n'));
    const found = (code: string) => lines.find((line) => line.includes(` ${code} `));
    expect(found('SL303')).toBe(
      `${spec}:12:17 SL303 error flows.customers.fields[1].from: flow "customers" reads "FirstNme", but shop table "Customer" has no such field (did you mean "FirstName"?) (correct from: to a column of the source (see discovery/SYSTEM.json), or run syncline discover SYSTEM again if the source changed)`,
    );
    expect(found('SL304')).toMatch(
      new RegExp(
        `^${spec}:15:27 SL304 error flows\\.customers\\.fields\\[4\\]\\.to: flow "customers" writes "town", but erp table "clients" has no such column`,
      ),
    );
    expect(found('SL305')).toMatch(
      /:1[01]:\d+ SL305 error flows\.customers\.fields: flow "customers" leaves erp table "clients" column "country" empty, but it is NOT NULL without a default \(map a field/,
    );
    expect(found('SL306')).toMatch(
      /:14:\d+ SL306 warning flows\.customers\.fields\[3\]: flow "customers" writes text values from "Company" into erp table "clients" column "visits" \(INTEGER, integer\) \(add a transform/,
    );
    expect(found('SL307')).toMatch(
      /:13:\d+ SL307 warning flows\.customers\.fields\[2\]: flow "customers" writes "Email" \(up to 60 characters\) into erp table "clients" column "email", which holds 40 \(set fit:/,
    );
    expect(result.stderr).toContain('3 mapped fields do not match the discovered tables; nothing was run.');
    // Plan reports the same findings among its readiness checks.
    const plan = runCli(['plan', '--json', '--spec', spec], work.dir);
    const codes = (JSON.parse(plan.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['SL303', 'SL304', 'SL305', 'SL306', 'SL307']));
  });

  it('pass once the mapping matches the discovered tables', () => {
    writeSpec(goodFields);
    const result = runCli(['validate', '--json', '--spec', spec], work.dir);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, findings: [], undiscovered: [] });
  });

  it('report a damaged snapshot by its file', () => {
    writeFileSync(path.join(work.dir, 'discovery', 'erp.json'), '{ not json');
    const result = runCli(['validate', '--spec', spec], work.dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/discovery[/\\]erp\.json is not JSON.*run syncline discover erp/s);
    rmSync(path.join(work.dir, 'discovery', 'erp.json'));
  });
});
