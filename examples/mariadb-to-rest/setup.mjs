// Builds the servers' side of this example: a new MariaDB database holding the ERP's customers
// (Chinook's 59, one with its email missing on purpose) and the local test API
// (test/support/test-api) as the REST system, with an empty `customers` collection and its
// OAuth2 token endpoint.
//
// The golden example test calls setup() and, whatever happens, teardown(). By hand, from the
// repository root (the API lives as long as this script runs; Ctrl-C drops the database):
//   node examples/mariadb-to-rest/setup.mjs           prints the env to export in another shell
//
// MariaDB is found like the connector tests find it: SYNCLINE_MYSQL_HOST, _PORT, _USER,
// _PASSWORD (default root on 127.0.0.1:3306, no password).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { credentials } from '../../test/support/test-api/test-api.mjs';
import { mariadbServer, serverUrl, withMariadb } from '../example-servers.mjs';

const startApi = fileURLToPath(new URL('../../test/support/test-api/start.mjs', import.meta.url));
const chinook = fileURLToPath(new URL('../datasets/chinook/Chinook_Sqlite.sqlite', import.meta.url));

const erpSchema = `
CREATE TABLE customers (
  id         INT NOT NULL PRIMARY KEY,
  first_name VARCHAR(40) NOT NULL,
  last_name  VARCHAR(40) NOT NULL,
  company    VARCHAR(80),
  city       VARCHAR(40),
  country    VARCHAR(40),
  email      VARCHAR(80),
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB;
`;

// The REST system's customer resource: what its API validates (422 with a code and a field).
const apiCollection = {
  name: 'customers',
  key: ['id'],
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'text', notNull: true },
    { name: 'company', type: 'text' },
    { name: 'city', type: 'text' },
    { name: 'country', type: 'text' },
    { name: 'email', type: 'text', notNull: true },
    { name: 'erp_updated_at', type: 'timestamp', notNull: true },
  ],
};

/**
 * Creates the database and starts the API. Returns the environment the spec's secret
 * references need, dump(system, table) of the API's customers ([columns, ...rows], ordered by
 * every column, values as text), and teardown(), which drops the database and stops the API.
 */
export async function setup() {
  const name = `syncline_rest_${randomBytes(4).toString('hex')}`;
  let api;
  try {
    await withMariadb(null, (connection) =>
      connection.query(
        `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; USE \`${name}\`; ${erpSchema}`,
      ),
    );
    await withMariadb(name, loadCustomers);
    api = await startApiProcess();
    await admin(api, 'POST', '/_admin/collections', apiCollection);
  } catch (error) {
    await dropDatabase(name).catch(() => {});
    await api?.close();
    throw error;
  }
  let isDone = false;
  return {
    name,
    env: {
      REST_MARIADB_URL: serverUrl('mysql', mariadbServer, name),
      REST_API_URL: api.url,
      REST_CLIENT_SECRET: credentials.clientSecret,
    },
    async dump(system) {
      if (system !== 'shop') throw new Error(`this example has no server system "${system}"`);
      const { records } = await admin(api, 'GET', '/_admin/collections/customers/records');
      const names = apiCollection.columns.map((c) => c.name);
      const rows = records.map((r) =>
        names.map((n) => (r[n] === null || r[n] === undefined ? null : String(r[n]))),
      );
      rows.sort((a, b) => (a[0] !== b[0] ? Number(a[0]) - Number(b[0]) : 0));
      return [names, ...rows];
    },
    async teardown() {
      if (isDone) return;
      isDone = true;
      await api.close();
      await dropDatabase(name);
    },
  };
}

/**
 * The test API in a process of its own: the golden test runs the CLI synchronously, so an API
 * served from the test's own event loop could not answer it.
 */
async function startApiProcess() {
  const child = spawn(process.execPath, [startApi, '--no-tls'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the test API exited (${code}) before it started`)));
  });
  return {
    url: JSON.parse(line).url,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One admin request on a fresh connection: the golden test blocks its event loop while the CLI
 * runs, so a kept-alive connection would be closed under it by the time dump() reuses it.
 */
function admin(api, method, path, body) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${api.url}${path}`, { method, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode >= 300)
          reject(new Error(`test API ${method} ${path}: ${response.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function loadCustomers(connection) {
  const lite = new Database(chinook, { readonly: true });
  try {
    const rows = lite
      .prepare(
        'SELECT CustomerId, FirstName, LastName, Company, City, Country, Email FROM Customer ORDER BY CustomerId',
      )
      .raw()
      .all()
      .map(([id, first, last, company, city, country, email]) => [
        id,
        first,
        last,
        company,
        city,
        country,
        // Customer 17's email was never entered: the API refuses the record (a dead letter).
        id === 17 ? null : email,
        `2024-03-01 ${String(8 + Math.floor(id / 60)).padStart(2, '0')}:${String(id % 60).padStart(2, '0')}:00.${String(id * 1111).padStart(6, '0')}`,
      ]);
    await connection.query(
      'INSERT INTO customers (id, first_name, last_name, company, city, country, email, updated_at) VALUES ?',
      [rows],
    );
  } finally {
    lite.close();
  }
}

async function dropDatabase(name) {
  if (!/^syncline_rest_[0-9a-f]+$/.test(name)) throw new Error(`not an example database: ${name}`);
  await withMariadb(null, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const servers = await setup();
  const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
  for (const [key, value] of Object.entries(servers.env)) console.log(`export ${key}=${quote(value)}`);
  console.error(`Created ${servers.name} on MariaDB and started the test API; Ctrl-C to stop and drop it.`);
  const stop = async () => {
    await servers.teardown();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
