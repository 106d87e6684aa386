import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnShape, SystemSnapshot } from '../../src/core/table-shape.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';
import { credentials } from '../support/test-api/test-api.mjs';

/**
 * `syncline discover` on http systems: the test API's OpenAPI document read from a file beside
 * the spec, and fetched from the running API through the connector (its API key, its SSRF
 * guard). The snapshot then checks a flow that writes to the API.
 */

const work = makeTempDir('discover-http');
// The API runs in its own process: the CLI is run synchronously, which would block one in this process.
let server: ChildProcess;
const api = { url: '' };

beforeAll(async () => {
  server = spawn(process.execPath, ['test/support/test-api/start.mjs', '--no-tls'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [first] = (await once(createInterface({ input: server.stdout as Readable }), 'line')) as [string];
  api.url = (JSON.parse(first) as { url: string }).url;
  mkdirSync(path.join(work.dir, 'api'));
  copyFileSync(
    path.resolve('test/support/test-api/openapi.yaml'),
    path.join(work.dir, 'api', 'openapi.yaml'),
  );
  copyFileSync(
    path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite'),
    path.join(work.dir, 'chinook.db'),
  );
  const auth = '{ type: api-key, value: "${env:TEST_API_KEY}" }';
  writeFileSync(
    path.join(work.dir, 'syncline.yaml'),
    [
      'version: 1',
      'project: { name: discover http }',
      'systems:',
      '  shop: { kind: sqlite, connection: { path: chinook.db } }',
      `  docs: { kind: http, connection: { baseUrl: "${api.url}", openapi: api/openapi.yaml } }`,
      `  live: { kind: http, connection: { baseUrl: "${api.url}", auth: ${auth}, openapi: "${api.url}/api/openapi.yaml" } }`,
      `  locked: { kind: http, connection: { baseUrl: "${api.url}", openapi: "${api.url}/api/openapi.yaml" } }`,
      `  metadata: { kind: http, connection: { baseUrl: "${api.url}", openapi: "http://169.254.169.254/openapi.yaml" } }`,
      `  bare: { kind: http, connection: { baseUrl: "${api.url}" } }`,
      'flows:',
      '  customers-to-api:',
      '    from: { system: shop, table: Customer, key: CustomerId }',
      '    to: { system: docs, path: "/api/customers/{id}", key: id }',
      '    fields:',
      '      - { from: CustomerId, to: id }',
      '      - { from: FirstName, to: first_name }',
      '      - { from: Email, to: email }',
      '      - { from: Phone, to: phone }',
      '',
    ].join('\n'),
  );
});
afterAll(() => {
  server.kill('SIGTERM');
  work.remove();
});

const env = { TEST_API_KEY: credentials.apiKey };
function discover(system: string): SystemSnapshot {
  const result = runCli(['discover', system, '--json'], work.dir, env);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as SystemSnapshot;
}
const columnsOf = (snapshot: SystemSnapshot, table: string) =>
  new Map<string, ColumnShape>(
    snapshot.tables.find((t) => t.name === table)?.columns.map((c) => [c.name, c]),
  );

describe('syncline discover on an http system', () => {
  it('lists the readable and writable resources of the OpenAPI document, with keys', () => {
    const snapshot = discover('docs');
    expect(snapshot.tables.map((t) => [t.name, t.access, t.primaryKey])).toEqual([
      ['/api/customers', { read: true, write: true }, ['id']],
      ['/api/customers/{id}', { read: false, write: true }, ['id']],
      ['/api/invoices', { read: true, write: false }, []],
    ]);
  });

  it('flattens record schemas to columns: $ref, required, nested objects, arrays, formats, enums', () => {
    const customers = columnsOf(discover('docs'), '/api/customers');
    expect([...customers.keys()]).toEqual([
      'id',
      'first_name',
      'last_name',
      'company',
      'email',
      'status',
      'address',
      'address.street',
      'address.city',
      'address.postal_code',
      'tags',
      'updated_at',
    ]);
    expect(customers.get('first_name')).toEqual({
      name: 'first_name',
      type: 'string',
      nullable: false,
      hasDefault: false,
      maxLength: 40,
    });
    expect(customers.get('email')).toMatchObject({ format: 'email', maxLength: 60, nullable: false });
    expect(customers.get('company')).toMatchObject({ nullable: true });
    expect(customers.get('status')).toMatchObject({ enum: ['active', 'blocked'], hasDefault: true });
    // address is optional, so its required city may still be missing from a record.
    expect(customers.get('address.city')).toMatchObject({ type: 'string', nullable: true, maxLength: 40 });
    expect(customers.get('tags')).toMatchObject({ type: 'array<string>' });
    expect(customers.get('updated_at')).toMatchObject({ type: 'date-time', hasDefault: true });
  });

  it('merges allOf parts and follows $refs in nested objects', () => {
    const invoices = columnsOf(discover('docs'), '/api/invoices');
    expect([...invoices.keys()]).toEqual([
      'invoice_id',
      'customer_id',
      'invoice_date',
      'billing',
      'billing.city',
      'billing.country',
      'total',
      'lines',
    ]);
    expect(invoices.get('invoice_date')).toMatchObject({ type: 'date', nullable: false });
    expect(invoices.get('total')).toMatchObject({ type: 'string', format: 'decimal', nullable: false });
    expect(invoices.get('lines')).toMatchObject({ type: 'array<object>' });
  });

  it("fetches the document from the API with the connection's auth", () => {
    expect(discover('live').tables.map((t) => t.name)).toEqual([
      '/api/customers',
      '/api/customers/{id}',
      '/api/invoices',
    ]);
    const text = runCli(['discover', 'live'], work.dir, env).stdout;
    expect(text).toContain('table /api/customers (readable, writable)');
    expect(text).toContain('status: one of "active", "blocked"');
  });

  it('names what is wrong: no auth, a refused address, no document, an unknown path', () => {
    const locked = runCli(['discover', 'locked'], work.dir, env);
    // The document is served behind the API's auth: without the key, the API refuses it.
    expect(locked.status).not.toBe(0);
    expect(locked.stderr).toMatch(/401/);
    const metadata = runCli(['discover', 'metadata'], work.dir, env);
    expect(metadata.status).not.toBe(0);
    expect(metadata.stderr).toMatch(/169\.254\.169\.254/);
    const bare = runCli(['discover', 'bare'], work.dir, env);
    expect(bare.stderr).toMatch(/no OpenAPI document.*add openapi:/s);
    const unknown = runCli(['discover', 'docs', '--table', '/api/customer'], work.dir, env);
    expect(unknown.stderr).toMatch(/no readable or writable path "\/api\/customer".*\/api\/customers/s);
  });

  it('checks a flow that writes to the API against the snapshot', () => {
    discover('docs');
    const result = runCli(['validate', '--spec', 'syncline.yaml'], work.dir, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /SL304 error flows\.customers-to-api\.fields\[3\]\.to: flow "customers-to-api" writes "phone", but docs table "\/api\/customers\/\{id\}" has no such column/,
    );
    expect(result.stderr).toMatch(/SL305 error flows\.customers-to-api\.fields: .*column "last_name" empty/);
  });
});
