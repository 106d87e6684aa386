import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.js';
import type { Row } from '../../src/core/row.js';
import { checkProject } from '../../src/engine/check-project.js';
import { emailProblem } from '../../src/mapping/rules/email.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { runFixtures } from '../../src/testing/run-fixtures.js';
import { runCli } from '../support/cli.js';
import { copyExample, type ExampleServers, setUpExampleServers } from '../support/example-copy.js';
import { expectAnonymised, readJsonl, shapeOf } from './check-anonymised.js';

/**
 * `syncline sample --anonymize` on PostgreSQL: the chinook-pg-to-mariadb example's CRM (Chinook
 * customers with one full_name, and the data-quality mistakes setup.mjs plants), with the
 * customer ids pseudonymised too, so the joins must hold on the fake keys.
 */

const example = copyExample('chinook-pg-to-mariadb');
let servers: ExampleServers | null = null;
let customers: Row[] = [];
let invoices: Row[] = [];
const seed = 'postgres-sample-seed-0123456789';

beforeAll(async () => {
  servers = await setUpExampleServers('chinook-pg-to-mariadb', example.dir);
  if (!servers) throw new Error('the example has no setup.mjs');
  const text = readFileSync(example.spec, 'utf8');
  const crm = '    connection: { url: "${env:CHINOOK_PG_URL}" }\n';
  expect(text).toContain(crm);
  writeFileSync(
    example.spec,
    text.replace(
      crm,
      `${crm}    pii: { customers: { id: id, account_no: id }, invoices: { customer_id: id } }\n`,
    ),
  );
  const client = new pg.Client({ connectionString: servers.env.CHINOOK_PG_URL });
  await client.connect();
  try {
    customers = (await client.query('SELECT * FROM customers ORDER BY id')).rows;
    invoices = (await client.query('SELECT * FROM invoices ORDER BY id')).rows;
  } finally {
    await client.end();
  }
});

afterAll(async () => {
  await servers?.teardown();
  example.remove();
});

describe('syncline sample --anonymize on Chinook in PostgreSQL', () => {
  const out = path.join(example.dir, 'samples');

  it('keeps counts and joins on pseudonymised keys, and leaks no personal value', () => {
    const result = runCli(
      ['sample', 'crm.customers', 'crm.invoices', '--anonymize', '--rows', '25', '--spec', example.spec],
      example.dir,
      { ...servers?.env, SYNCLINE_SAMPLE_SEED: seed },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/full_name\s+fake name\s+column name/);
    expect(result.stdout).toMatch(/street\s+fake address\s+column name/);
    expect(result.stdout).toMatch(/customer_id\s+fake id\s+spec/);
    expect(result.stdout).toMatch(/customer_id -> crm\.customers\.id/);
    const parents = readJsonl(path.join(out, 'crm.customers.jsonl'));
    const children = readJsonl(path.join(out, 'crm.invoices.jsonl'));
    expectAnonymised({
      originalParents: customers.slice(0, 25),
      originalChildren: invoices,
      parents,
      children,
      parentKey: 'id',
      childLink: 'customer_id',
      personal: customers.flatMap((c) => [c.full_name, c.email, c.phone, c.street, c.company, c.account_no]),
    });
    expect(new Set(parents.map((c) => c.id)).size).toBe(25);
    expect(parents.filter((c, i) => c.id === customers[i]?.id).length).toBeLessThan(5);
    customers.slice(0, 25).forEach((original, index) => {
      const fake = parents[index] ?? {};
      expect(typeof fake.id).toBe('number');
      expect(shapeOf(fake.phone)).toBe(shapeOf(original.phone));
      expect(shapeOf(fake.account_no)).toBe(shapeOf(original.account_no));
      const email = String(original.email ?? '');
      if (email.trim() === '') expect(fake.email).toBe(original.email);
      else if (emailProblem(email.trim()) === undefined) {
        expect(emailProblem(String(fake.email).trim())).toBeUndefined();
        expect(String(fake.email).trim()).toMatch(/@example\.(com|org|net)$/i);
      } else expect(emailProblem(String(fake.email))).toBeDefined();
    });
    expect(readFileSync(path.join(out, 'sample.json'), 'utf8')).not.toContain(seed);
  });

  it('writes fixtures for the invoices flow that its mapping passes, dead letters included', async () => {
    const { fixtures, problems } = await loadFixtures(example.dir, 'invoices-to-erp');
    expect(problems).toEqual([]);
    expect(fixtures.length).toBe(readJsonl(path.join(out, 'crm.invoices.jsonl')).length);
    expect(fixtures.some((f) => f.deadLetter !== undefined)).toBe(true);
    const checked = await checkProject(example.spec, connectors, { env: servers?.env ?? {} });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const flow = checked.project.flows.get('invoices-to-erp');
    if (!flow) throw new Error('no flow invoices-to-erp');
    expect(runFixtures(flow.freshMap, fixtures)).toEqual([]);
  });
});

describe('syncline sample --anonymize on MariaDB', () => {
  // Every client is sampled: a fake only avoids the real values it can see (docs/sampling.md).
  it('samples the ERP tables the example flows fill, linked with --link', async () => {
    const env = { ...servers?.env, SYNCLINE_SAMPLE_SEED: seed };
    const run = runCli(['run', '--spec', example.spec], example.dir, env);
    expect(run.status, run.stderr).toBe(0);
    const mysql = await import('mysql2/promise');
    const connection = await mysql.createConnection(servers?.env.CHINOOK_MARIADB_URL ?? '');
    let clients: Row[];
    let erpInvoices: Row[];
    try {
      clients = (await connection.query('SELECT * FROM clients ORDER BY client_no'))[0] as Row[];
      erpInvoices = (await connection.query('SELECT * FROM invoices ORDER BY invoice_no'))[0] as Row[];
    } finally {
      await connection.end();
    }
    const out = path.join(example.dir, 'erp-sample');
    const result = runCli(
      [
        'sample',
        'erp.clients',
        'erp.invoices',
        '--anonymize',
        '--rows',
        '100',
        '--out',
        out,
        '--link',
        'invoices.client_crm_id=clients.crm_id',
        '--no-fixtures',
        '--spec',
        example.spec,
      ],
      example.dir,
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/client_crm_id -> erp\.clients\.crm_id/);
    expectAnonymised({
      originalParents: clients,
      originalChildren: erpInvoices,
      parents: readJsonl(path.join(out, 'erp.clients.jsonl')),
      children: readJsonl(path.join(out, 'erp.invoices.jsonl')),
      parentKey: 'crm_id',
      childLink: 'client_crm_id',
      personal: clients.flatMap((c) => [
        c.first_name,
        c.last_name,
        c.email,
        c.phone,
        c.billing_address,
        c.company,
      ]),
    });
  });
});
