// Builds the servers' side of this example: a new PostgreSQL database holding the "CRM" (the
// Chinook customers and invoices, with a few deliberate mistakes) and a new MariaDB database
// holding the ERP's empty tables. Both get the same fresh name, so runs never share data.
//
// The golden example test calls setup() and, whatever happens, teardown(). By hand:
//   eval "$(node examples/chinook-pg-to-mariadb/setup.mjs)"        creates both, prints the env
//   node examples/chinook-pg-to-mariadb/setup.mjs --drop <name>     drops both again
//
// The servers are found like the connector tests find them: PGHOST, PGPORT, PGUSER, PGPASSWORD,
// PGDATABASE (an existing database to connect to for CREATE DATABASE; default 127.0.0.1:5432,
// postgres, test) and SYNCLINE_MYSQL_HOST, _PORT, _USER, _PASSWORD (default root on
// 127.0.0.1:3306, no password).
import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { mariadbServer, serverUrl, withMariadb } from '../example-servers.mjs';

const chinook = fileURLToPath(new URL('../datasets/chinook/Chinook_Sqlite.sqlite', import.meta.url));

const pgServer = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD,
  database: process.env.PGDATABASE ?? 'test',
};

// The CRM as a sales team keeps it: one name field per customer, the account manager by
// reference, real dates, a timestamptz with microseconds on every change, exact totals.
const crmSchema = `
CREATE TABLE employees (
  id         integer PRIMARY KEY,
  first_name text NOT NULL,
  last_name  text NOT NULL
);
CREATE TABLE customers (
  id             integer PRIMARY KEY,
  account_no     text,
  full_name      text NOT NULL,
  company        text,
  street         text,
  city           text,
  postal_code    text,
  country        text,
  phone          text,
  email          text,
  rep_id         integer REFERENCES employees,
  customer_since date,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX customers_sync ON customers (updated_at, id);
CREATE TABLE invoices (
  id              integer PRIMARY KEY,
  customer_id     integer NOT NULL REFERENCES customers,
  invoice_date    date NOT NULL,
  issued_at       timestamptz NOT NULL,
  billing_city    text,
  billing_country text,
  total           numeric(10,2) NOT NULL
);
CREATE INDEX invoices_sync ON invoices (issued_at, id);
`;

// The ERP's own naming and rules. Invoices must belong to a client the ERP knows.
const erpSchema = `
CREATE TABLE clients (
  client_no       VARCHAR(10) NOT NULL PRIMARY KEY,
  crm_id          INT NOT NULL UNIQUE,
  first_name      VARCHAR(40) NOT NULL,
  last_name       VARCHAR(40) NOT NULL,
  company         VARCHAR(80),
  billing_address VARCHAR(120),
  country_code    CHAR(2) NOT NULL,
  email           VARCHAR(80) NOT NULL,
  phone           VARCHAR(24),
  account_manager VARCHAR(60),
  customer_since  DATE,
  crm_updated_at  DATETIME(6) NOT NULL
) ENGINE=InnoDB;
CREATE TABLE invoices (
  invoice_no    INT NOT NULL PRIMARY KEY,
  client_crm_id INT NOT NULL,
  invoice_date  DATE NOT NULL,
  period        CHAR(7) NOT NULL,
  issued_at     DATETIME(6) NOT NULL,
  billing_city  VARCHAR(40),
  country_code  CHAR(2) NOT NULL,
  total         DECIMAL(10,2) NOT NULL,
  total_eur     DECIMAL(10,2) NOT NULL,
  currency      CHAR(3) NOT NULL,
  CONSTRAINT invoices_client FOREIGN KEY (client_crm_id) REFERENCES clients (crm_id)
) ENGINE=InnoDB;
`;

/**
 * Creates the two databases and loads the CRM. Returns the environment the spec's secret
 * references need, a dump of any table of either system ([columns, ...rows], rows ordered by
 * every column, values as text the way the server prints them, NULL as null), and teardown(),
 * which drops both databases (safe to call more than once, and after a failed setup).
 */
export async function setup() {
  const name = `syncline_chinook_${randomBytes(4).toString('hex')}`;
  try {
    await withPostgres(pgServer.database, (client) =>
      client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`),
    );
    await withPostgres(name, async (client) => {
      await client.query(crmSchema);
      await loadCrm(client);
    });
    await withMariadb(null, (connection) =>
      connection.query(
        `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; USE \`${name}\`; ${erpSchema}`,
      ),
    );
  } catch (error) {
    await dropDatabases(name).catch(() => {});
    throw error;
  }
  let isDropped = false;
  return {
    name,
    env: {
      CHINOOK_PG_URL: serverUrl('postgres', pgServer, name),
      CHINOOK_MARIADB_URL: serverUrl('mysql', mariadbServer, name),
    },
    async dump(system, table) {
      if (system === 'crm') return withPostgres(name, (client) => dumpPostgres(client, table));
      if (system === 'erp') return withMariadb(name, (connection) => dumpMariadb(connection, table));
      throw new Error(`this example has no server system "${system}"`);
    },
    async teardown() {
      if (isDropped) return;
      isDropped = true;
      await dropDatabases(name);
    },
  };
}

/** Drops the example's databases of that name on both servers (missing ones are fine). */
export async function dropDatabases(name) {
  if (!/^syncline_chinook_[0-9a-f]+$/.test(name)) throw new Error(`not an example database: ${name}`);
  const results = await Promise.allSettled([
    withPostgres(pgServer.database, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`),
    ),
    withMariadb(null, (connection) => connection.query(`DROP DATABASE IF EXISTS \`${name}\``)),
  ]);
  const problems = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (problems.length > 0) throw new AggregateError(problems, `could not drop ${name} everywhere`);
}

/** Runs use(client) on a connection to that PostgreSQL database, in UTC, and closes it. */
async function withPostgres(database, use) {
  const client = new pg.Client({ ...pgServer, database });
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'");
    return await use(client);
  } finally {
    await client.end();
  }
}

// In the order of the query in loadCrm, with account_no and updated_at added.
const customerColumns = [
  'id',
  'account_no',
  'full_name',
  'company',
  'street',
  'city',
  'postal_code',
  'country',
  'phone',
  'email',
  'rep_id',
  'customer_since',
  'updated_at',
];

/** Copies Chinook into the CRM's tables and puts in the mistakes a real CRM has. */
async function loadCrm(client) {
  const lite = new Database(chinook, { readonly: true });
  let employees;
  let customers;
  let invoices;
  try {
    employees = lite.prepare('SELECT EmployeeId, FirstName, LastName FROM Employee ORDER BY 1').raw().all();
    customers = lite
      .prepare(
        `SELECT c.CustomerId, c.FirstName || ' ' || c.LastName, c.Company, c.Address, c.City,
                c.PostalCode, c.Country, c.Phone, c.Email, c.SupportRepId,
                (SELECT date(MIN(i.InvoiceDate)) FROM Invoice i WHERE i.CustomerId = c.CustomerId)
         FROM Customer c ORDER BY 1`,
      )
      .raw()
      .all();
    invoices = lite
      .prepare(
        `SELECT InvoiceId, CustomerId, date(InvoiceDate), BillingCity, BillingCountry, Total
         FROM Invoice ORDER BY 1`,
      )
      .raw()
      .all();
  } finally {
    lite.close();
  }
  await insertRows(client, 'employees', ['id', 'first_name', 'last_name'], employees);
  await insertRows(
    client,
    'customers',
    customerColumns,
    customers.map(([id, ...rest]) => [
      id,
      `C-${String(id).padStart(5, '0')}`,
      ...rest,
      customerUpdatedAt(id),
    ]),
  );
  await insertRows(
    client,
    'invoices',
    ['id', 'customer_id', 'invoice_date', 'issued_at', 'billing_city', 'billing_country', 'total'],
    invoices.map(([id, customerId, date, city, country, total]) => [
      id,
      customerId,
      date,
      invoiceIssuedAt(id, date),
      city,
      country,
      // SQLite holds the totals as binary floats (13.86 is 13.8599…); two decimals give them back.
      total.toFixed(2),
    ]),
  );
  await client.query(`
    -- Formats a real CRM is never consistent about: the mapping normalises these.
    UPDATE customers SET email = '  LuisG@Embraer.com.br ' WHERE id = 1;
    UPDATE customers SET email = upper(email) WHERE id = 20;
    -- Deliberate mistakes: these end as dead letters with their reasons.
    UPDATE customers SET email = 'bjorn.hansen(at)yahoo.no' WHERE id = 4;  -- not an email address
    UPDATE customers SET email = '   ' WHERE id = 17;                      -- email missing
    UPDATE customers SET account_no = NULL WHERE id = 33;                 -- no account number: the ERP key
    UPDATE invoices SET billing_country = 'Deutschland' WHERE id = 67;    -- not in the country lookup
    -- The invoices of customers 4, 17 and 33 are refused by the ERP's foreign key: no such client.
  `);
}

/** 2026-01-05 08:00 UTC plus id minutes, with id-dependent microseconds. */
function customerUpdatedAt(id) {
  const minutes = 8 * 60 + id;
  return `2026-01-05 ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00.${micros(id)}+00`;
}

/** The invoice date, during office hours (09:00 plus up to eight hours) UTC, to the microsecond. */
function invoiceIssuedAt(id, date) {
  const seconds = 9 * 3600 + ((id * 7919) % (8 * 3600));
  const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  return `${date} ${time}.${micros(id)}+00`;
}

const pad = (n) => String(n).padStart(2, '0');
const micros = (id) => String((id * 104729) % 1_000_000).padStart(6, '0');

async function insertRows(client, table, columns, rows) {
  for (let start = 0; start < rows.length; start += 200) {
    const chunk = rows.slice(start, start + 200);
    const params = chunk.flat();
    const tuples = chunk.map(
      (row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    );
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

async function dumpPostgres(client, table) {
  const { rows: columns } = await client.query(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const names = columns.map((c) => c.column_name);
  const { rows } = await client.query({
    text: `SELECT ${names.map((n) => `${pg.escapeIdentifier(n)}::text`).join(', ')}
           FROM ${pg.escapeIdentifier(table)} t ORDER BY ${names.map((n) => `t.${pg.escapeIdentifier(n)}`).join(', ')}`,
    rowMode: 'array',
  });
  return [names, ...rows];
}

async function dumpMariadb(connection, table) {
  const [columns] = await connection.query(
    `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const names = columns.map((c) => c.name);
  // Every value as the server's own text, so DECIMAL and DATETIME(6) keep all their digits;
  // sorted by the typed columns (hence `t.`), so 10 comes after 9.
  const [rows] = await connection.query({
    sql: `SELECT ${names.map((n) => `CAST(\`${n}\` AS CHAR)`).join(', ')}
          FROM \`${table}\` t ORDER BY ${names.map((n) => `t.\`${n}\``).join(', ')}`,
    rowsAsArray: true,
  });
  return [names, ...rows];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const drop = process.argv.indexOf('--drop');
  if (drop >= 0) {
    await dropDatabases(process.argv[drop + 1] ?? '');
    console.error(`Dropped ${process.argv[drop + 1]} on both servers.`);
  } else {
    const { name, env } = await setup();
    const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
    for (const [key, value] of Object.entries({ ...env, CHINOOK_DATABASE: name })) {
      console.log(`export ${key}=${quote(value)}`);
    }
    console.error(
      `Created ${name} on PostgreSQL (the CRM: 59 customers, 412 invoices) and on MariaDB (empty ERP tables).`,
    );
  }
}
