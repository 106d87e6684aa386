import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.js';
import type { Row } from '../../src/core/row.js';
import { checkProject } from '../../src/engine/check-project.js';
import { emailProblem } from '../../src/mapping/rules/email.js';
import { loadFixtures } from '../../src/testing/load-fixtures.js';
import { runFixtures } from '../../src/testing/run-fixtures.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { expectAnonymised, readJsonl, shapeOf } from './check-anonymised.js';

/**
 * `syncline sample --anonymize` on the real Chinook SQLite database, through the built CLI:
 * 20 customers and their invoices, checked value by value against the whole original tables.
 */

const work = makeTempDir('sample-sqlite');
afterAll(() => work.remove());
copyFileSync(
  path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite'),
  path.join(work.dir, 'chinook.sqlite'),
);
const spec = path.join(work.dir, 'syncline.yaml');
writeFileSync(
  spec,
  `version: 1
project: { name: Chinook sample, owner: test@example.com }
systems:
  crm:
    kind: sqlite
    owner: sales@example.com
    connection: { path: chinook.sqlite }
    pii: { Customer: { SupportRepId: none, State: none } }
  erp: { kind: sqlite, owner: finance@example.com, connection: { path: erp.sqlite } }
flows:
  customers:
    from: { system: crm, table: Customer, key: CustomerId }
    to: { system: erp, table: clients, key: client_id, mode: upsert }
    fields:
      - { from: CustomerId, to: client_id }
      - { from: Email, to: email, transform: "trim | lower", validate: [required, email] }
      - { from: LastName, to: last_name }
      - { from: Phone, to: phone }
`,
);

const seeds = { a: 'first-seed-0123456789abcdef', b: 'other-seed-0123456789abcdef' };
const sample = (out: string, seed: string, extra: string[] = []) =>
  runCli(
    [
      'sample',
      'crm.Customer',
      'crm.Invoice',
      '--anonymize',
      '--rows',
      '20',
      '--out',
      out,
      '--spec',
      spec,
      ...extra,
    ],
    work.dir,
    { CHINOOK_SAMPLE_SEED: seed },
  );
const seedFlag = ['--seed', '${env:CHINOOK_SAMPLE_SEED}'];

const lite = new Database(path.join(work.dir, 'chinook.sqlite'), { readonly: true });
const customers = lite.prepare('SELECT * FROM Customer ORDER BY CustomerId').all() as Row[];
const invoices = lite.prepare('SELECT * FROM Invoice ORDER BY InvoiceId').all() as Row[];
lite.close();

describe('syncline sample --anonymize on Chinook in SQLite', () => {
  const out = (name: string) => path.join(work.dir, name);
  let first: ReturnType<typeof runCli>;

  it('samples 20 customers and all their invoices, and says how each column is treated', () => {
    first = sample(out('a1'), seeds.a, seedFlag);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/crm\.Customer: 20 rows/);
    expect(first.stdout).toMatch(
      /crm\.Invoice: \d+ rows \(those referencing the sampled rows: CustomerId -> crm\.Customer\.CustomerId\)/,
    );
    expect(first.stdout).toMatch(/Email\s+fake email\s+column name/);
    expect(first.stdout).toMatch(/State\s+kept/);
    expect(first.stdout).toMatch(/InvoiceDate\s+kept/);
    expect(first.stdout).toContain('seed: from ${env:CHINOOK_SAMPLE_SEED}');
    expect(first.stdout).not.toContain(seeds.a);
  });

  it('keeps row counts and invoices per customer, and no original name, email, phone or address', () => {
    const parents = readJsonl(path.join(out('a1'), 'crm.Customer.jsonl'));
    const children = readJsonl(path.join(out('a1'), 'crm.Invoice.jsonl'));
    expectAnonymised({
      originalParents: customers.slice(0, 20),
      originalChildren: invoices,
      parents,
      children,
      parentKey: 'CustomerId',
      childLink: 'CustomerId',
      personal: [
        ...customers.flatMap((c) => [c.FirstName, c.LastName, c.Email, c.Phone, c.Fax, c.Address, c.Company]),
        ...invoices.map((i) => i.BillingAddress),
      ],
    });
    customers.slice(0, 20).forEach((original, index) => {
      const fake = parents[index] ?? {};
      expect(emailProblem(String(fake.Email))).toBeUndefined();
      expect(fake.Email).toMatch(/@example\.(com|org|net)$/);
      expect(shapeOf(fake.Phone)).toBe(shapeOf(original.Phone));
      expect(shapeOf(fake.PostalCode)).toBe(shapeOf(original.PostalCode));
      expect(fake.Country).toBe(original.Country);
    });
    // The same address becomes the same fake in both tables: billing addresses still match.
    for (const invoice of children) {
      const customer = parents.find((c) => String(c.CustomerId) === String(invoice.CustomerId));
      const original = invoices.find((i) => String(i.InvoiceId) === String(invoice.InvoiceId));
      const originalCustomer = customers.find((c) => c.CustomerId === original?.CustomerId);
      expect(invoice.BillingAddress === customer?.Address).toBe(
        original?.BillingAddress === originalCustomer?.Address,
      );
    }
  });

  it('writes fixtures for the flow reading Customer that syncline test passes', async () => {
    const { fixtures, problems } = await loadFixtures(work.dir, 'customers');
    expect(problems).toEqual([]);
    expect(fixtures).toHaveLength(20);
    const checked = await checkProject(spec, connectors, { env: {} });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const flow = checked.project.flows.get('customers');
    if (!flow) throw new Error('no flow');
    expect(runFixtures(flow.freshMap, fixtures)).toEqual([]);
    expect(fixtures[0]?.output?.email).toBe(
      String(readJsonl(path.join(out('a1'), 'crm.Customer.jsonl'))[0]?.Email),
    );
  });

  it('gives identical output for the same seed and different output for another', () => {
    expect(sample(out('a2'), seeds.a, seedFlag).status).toBe(0);
    expect(sample(out('b'), seeds.b, seedFlag).status).toBe(0);
    for (const file of ['crm.Customer.jsonl', 'crm.Invoice.jsonl', 'sample.json'])
      expect(readFileSync(path.join(out('a2'), file), 'utf8')).toBe(
        readFileSync(path.join(out('a1'), file), 'utf8'),
      );
    const a = readJsonl(path.join(out('a1'), 'crm.Customer.jsonl'));
    const b = readJsonl(path.join(out('b'), 'crm.Customer.jsonl'));
    a.forEach((row, index) => {
      expect(b[index]?.Email).not.toBe(row.Email);
      expect(b[index]?.Phone === null || b[index]?.Phone !== row.Phone).toBe(true);
    });
  });

  it('never writes the seed, and records only where it came from', () => {
    const files = ['a1', 'a2', 'b'].flatMap((dir) =>
      readdirSync(out(dir)).map((f) => path.join(out(dir), f)),
    );
    files.push(path.join(work.dir, 'tests', 'customers', 'sample-Customer.jsonl'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(seeds.a);
      expect(text).not.toContain(seeds.b);
    }
    expect(JSON.parse(readFileSync(path.join(out('a1'), 'sample.json'), 'utf8')).seed).toEqual({
      from: '${env:CHINOOK_SAMPLE_SEED}',
    });
  });

  it('refuses without a seed, with a literal seed, and without --anonymize', () => {
    const missing = runCli(
      ['sample', 'crm.Customer', '--anonymize', '--spec', spec, '--seed', '${env:NO_SUCH_SEED_VAR}'],
      work.dir,
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('sample-seed-missing');
    expect(missing.stderr).toContain('NO_SUCH_SEED_VAR');
    const literal = sample(out('x'), seeds.a, ['--seed', 'my-secret-seed-typed-here']);
    expect(literal.status).toBe(2);
    expect(literal.stderr).toContain('--seed takes a secret reference');
    const raw = runCli(['sample', 'crm.Customer', '--spec', spec], work.dir);
    expect(raw.status).toBe(2);
    expect(raw.stderr).toContain('add --anonymize');
  });
});
