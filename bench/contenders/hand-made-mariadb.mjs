// Hand-written PostgreSQL -> MariaDB baseline with the same drivers (pg + pg-copy-streams to read,
// mysql2 to write): stream the source out with COPY, map in plain JavaScript, write multi-row
// INSERT ... ON DUPLICATE KEY UPDATE statements of 1,000 rows.
// Usage: node bench/contenders/hand-made-mariadb.mjs <source schema> <mysql url>
import mysql from 'mysql2/promise';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { copyRows, decode } from '../kit/copy-text.mjs';
import { countries, pgUrl, statuses, targetNames } from '../kit/pg-workload.mjs';

const [sourceSchema, mysqlUrl] = process.argv.slice(2);
const reader = new pg.Client({ connectionString: pgUrl });
await reader.connect();
await reader.query("SET TimeZone = 'UTC'");
const target = await mysql.createConnection({ uri: mysqlUrl });
const updates = targetNames
  .split(', ')
  .slice(1)
  .map((c) => `${c} = VALUES(${c})`)
  .join(', ');
const insert = `INSERT INTO customers (${targetNames}) VALUES ? ON DUPLICATE KEY UPDATE ${updates}`;
const rows = reader
  .query(
    copyStreams.to(
      `COPY (SELECT id, first_name, last_name, email, phone, birth_date, signup_date, updated_at, balance, status, country, attrs FROM ${sourceSchema}.customers) TO STDOUT`,
    ),
  )
  .pipe(copyRows());
let batch = [];
for await (const f of rows) {
  const v = f.map(decode);
  batch.push([
    v[0],
    v[1].trim(),
    v[2].trim(),
    v[3].trim().toLowerCase(),
    v[4].trim(),
    v[5],
    v[6],
    v[7].slice(0, -3),
    v[8],
    statuses[v[9]],
    countries[v[10]],
    v[11],
  ]);
  if (batch.length === 1000) {
    await target.query(insert, [batch]);
    batch = [];
  }
}
if (batch.length > 0) await target.query(insert, [batch]);
await Promise.all([reader.end(), target.end()]);
