import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { server } from './postgres-helpers.js';

/**
 * A real flow, PostgreSQL -> PostgreSQL, through the built CLI: Chinook's customers and
 * invoices (from the SQLite copy in examples/, loaded into a schema of our own with µs
 * timestamps added), upserted into another schema, then compared by checksum.
 */

const chinook = path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite');
const tag = `${process.pid}_${Date.now().toString(36)}`;
const source = `chinook_src_${tag}`;
const target = `chinook_dst_${tag}`;
const work = makeTempDir('pg-chinook');
const admin = new pg.Client(server);
const q = pg.escapeIdentifier;

const customerDdl = `(
  customer_id int PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(20) NOT NULL,
  company varchar(80), address varchar(70), city varchar(40), state varchar(40), country varchar(40),
  postal_code varchar(10), phone varchar(24), fax varchar(24), email varchar(60) NOT NULL,
  support_rep_id int, updated_at timestamptz NOT NULL)`;
const invoiceDdl = `(
  invoice_id int PRIMARY KEY, customer_id int NOT NULL, invoice_date timestamp NOT NULL,
  billing_address varchar(70), billing_city varchar(40), billing_state varchar(40),
  billing_country varchar(40), billing_postal_code varchar(10), total numeric(10,2) NOT NULL,
  updated_at timestamptz NOT NULL)`;

/** Inserts rows of text values (NULL as null), 200 per statement. */
async function insert(table: string, columns: string[], rows: (string | null)[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200);
    const params: (string | null)[] = [];
    const tuples = chunk.map(
      (row) =>
        `(${row
          .map((v) => {
            params.push(v);
            return `$${params.length}`;
          })
          .join(', ')})`,
    );
    await admin.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** One md5 over every row's text form, in key order: equal only if every value is equal. */
async function checksum(schema: string, table: string, key: string): Promise<{ rows: number; md5: string }> {
  const { rows } = await admin.query(
    `SELECT count(*)::int AS rows, md5(string_agg(t::text, E'\\n' ORDER BY ${key})) AS md5 FROM ${q(schema)}.${table} t`,
  );
  return rows[0];
}

const micros = (n: number) => String((n * 7919) % 1_000_000).padStart(6, '0');

beforeAll(async () => {
  await admin.connect();
  for (const schema of [source, target]) {
    await admin.query(`CREATE SCHEMA ${q(schema)}`);
    await admin.query(`CREATE TABLE ${q(schema)}.customer ${customerDdl}`);
    await admin.query(`CREATE TABLE ${q(schema)}.invoice ${invoiceDdl}`);
  }
  const lite = new Database(chinook, { readonly: true });
  const customers = lite.prepare('SELECT * FROM Customer ORDER BY CustomerId').all() as Record<
    string,
    unknown
  >[];
  const invoices = lite.prepare('SELECT * FROM Invoice ORDER BY InvoiceId').all() as Record<
    string,
    unknown
  >[];
  lite.close();
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const customerRows = customers.map((c) => [
    ...[
      'CustomerId',
      'FirstName',
      'LastName',
      'Company',
      'Address',
      'City',
      'State',
      'Country',
      'PostalCode',
      'Phone',
      'Fax',
      'Email',
      'SupportRepId',
    ].map((k) => text(c[k])),
    `2024-06-01 12:00:00.${micros(Number(c.CustomerId))}+00`,
  ]);
  // Not in Chinook: one customer whose name and company carry what breaks text handling.
  customerRows.push([
    '60',
    'Zoë 😀',
    'Nguyễn',
    '株式会社 東京 — שלום עולם',
    'e\u0301 ﬀ\ttab',
    null,
    null,
    'Japan',
    null,
    null,
    null,
    'zoe@example.jp',
    null,
    '2024-06-01 12:00:00.000001+00',
  ]);
  await insert(
    `${q(source)}.customer`,
    [
      'customer_id',
      'first_name',
      'last_name',
      'company',
      'address',
      'city',
      'state',
      'country',
      'postal_code',
      'phone',
      'fax',
      'email',
      'support_rep_id',
      'updated_at',
    ],
    customerRows,
  );
  const invoiceRows = invoices.map((i) => [
    ...[
      'InvoiceId',
      'CustomerId',
      'InvoiceDate',
      'BillingAddress',
      'BillingCity',
      'BillingState',
      'BillingCountry',
      'BillingPostalCode',
    ].map((k) => text(i[k])),
    (i.Total as number).toFixed(2),
    `${String(i.InvoiceDate)}.${micros(Number(i.InvoiceId))}+00`,
  ]);
  await insert(
    `${q(source)}.invoice`,
    [
      'invoice_id',
      'customer_id',
      'invoice_date',
      'billing_address',
      'billing_city',
      'billing_state',
      'billing_country',
      'billing_postal_code',
      'total',
      'updated_at',
    ],
    invoiceRows,
  );

  const system = (schema: string) =>
    `{ host: ${server.host}, port: ${server.port}, user: ${server.user}, password: "\${env:CHINOOK_PG_PASSWORD}", database: ${server.database}, schema: ${schema} }`;
  writeFileSync(
    path.join(work.dir, 'syncline.yaml'),
    `version: 1
project: { name: Chinook PostgreSQL to PostgreSQL, owner: test@example.com }
systems:
  crm: { kind: postgres, owner: sales@example.com, connection: ${system(source)} }
  erp: { kind: postgres, owner: finance@example.com, connection: ${system(target)} }
flows:
  customers:
    from: { system: crm, table: customer, key: customer_id, cursor: updated_at, batchSize: 25 }
    to: { system: erp, table: customer, key: customer_id, mode: upsert }
  invoices:
    from: { system: crm, table: invoice, key: invoice_id, cursor: updated_at, batchSize: 100 }
    to: { system: erp, table: invoice, key: invoice_id, mode: upsert }
    trigger: { after: customers }
`,
  );
});

afterAll(async () => {
  for (const schema of [source, target]) await admin.query(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
  await admin.end();
  work.remove();
});

const run = () => {
  const result = runCli(['run', '--json', '--spec', path.join(work.dir, 'syncline.yaml')], work.dir);
  process.env.CHINOOK_PG_PASSWORD = undefined;
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return (
    JSON.parse(result.stdout) as {
      runs: { flow: string; read: number; written: number; deadLettered: number }[];
    }
  ).runs;
};

describe('Chinook customers and invoices, PostgreSQL -> PostgreSQL', () => {
  it('moves everything, then only what changed; source and target checksums match', async () => {
    process.env.CHINOOK_PG_PASSWORD = 'not-needed-with-trust-auth';
    const first = run();
    expect(first.map((r) => [r.flow, r.read, r.written, r.deadLettered])).toEqual([
      ['customers', 60, 60, 0],
      ['invoices', 412, 412, 0],
    ]);
    expect(await checksum(target, 'customer', 'customer_id')).toEqual(
      await checksum(source, 'customer', 'customer_id'),
    );
    expect(await checksum(target, 'invoice', 'invoice_id')).toEqual(
      await checksum(source, 'invoice', 'invoice_id'),
    );
    const { rows: spot } = await admin.query(
      `SELECT c.first_name, c.company, c.address, to_char(c.updated_at AT TIME ZONE 'UTC', 'HH24:MI:SS.US') AS at,
              (SELECT sum(total)::text FROM ${q(target)}.invoice) AS total
         FROM ${q(target)}.customer c WHERE customer_id IN (1, 60) ORDER BY customer_id`,
    );
    expect(spot).toEqual([
      {
        first_name: 'Luís',
        company: 'Embraer - Empresa Brasileira de Aeronáutica S.A.',
        address: 'Av. Brigadeiro Faria Lima, 2170',
        at: `12:00:00.${micros(1)}`,
        total: '2328.60',
      },
      {
        first_name: 'Zoë 😀',
        company: '株式会社 東京 — שלום עולם',
        address: 'e\u0301 ﬀ\ttab',
        at: '12:00:00.000001',
        total: '2328.60',
      },
    ]);

    // An update and a new invoice: the next run moves exactly those two rows.
    await admin.query(
      `UPDATE ${q(source)}.customer SET email = 'new@example.com', updated_at = '2030-07-01 00:00:00.123456+00' WHERE customer_id = 5`,
    );
    await admin.query(
      `INSERT INTO ${q(source)}.invoice VALUES (413, 60, '2025-01-01 00:00:00', NULL, 'Tōkyō', NULL, 'Japan', NULL, 12345678.91, '2030-01-01 00:00:00.999999+00')`,
    );
    process.env.CHINOOK_PG_PASSWORD = 'not-needed-with-trust-auth';
    const second = run();
    expect(second.map((r) => [r.flow, r.read, r.written])).toEqual([
      ['customers', 1, 1],
      ['invoices', 1, 1],
    ]);
    expect(await checksum(target, 'customer', 'customer_id')).toEqual(
      await checksum(source, 'customer', 'customer_id'),
    );
    expect(await checksum(target, 'invoice', 'invoice_id')).toEqual(
      await checksum(source, 'invoice', 'invoice_id'),
    );
  });
});
