// CSV file -> PostgreSQL: the 13-column customer file (written from the generated table), the
// 12-field mapping, upsert by key into an empty table, against baselines in the same run:
//   psql COPY csv (limit)   the file piped into COPY ... FROM STDIN (FORMAT csv) into a temp
//                           table, then one INSERT ... SELECT <mapping in SQL>. Binary COPY does
//                           not apply: the input is text.
//   hand-made Node          csv-parse + pg + pg-copy-streams, the mapping in plain JavaScript
// CSV has no JSON type and syncline has no parse-json transform yet, so `attrs` lands in a text
// column. Every run is checked against the expected result by a server-side checksum.
// Run after a build:  npm run build --silent && node bench/csv-to-postgres.bench.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, publish, settings, synclineRun, timed } from './kit/measure.mjs';
import {
  checksumSql,
  generateSql,
  mappedSelect,
  pgUrl,
  specFields,
  specLookups,
  targetColumns,
  upsertTail,
  withPg,
} from './kit/pg-workload.mjs';

const config = settings();
const src = `${config.tag}_src`;
const dst = `${config.tag}_dst`;
const work = mkdtempSync(path.join(os.tmpdir(), 'syncline-bench-'));
const file = path.join(work, 'customers.csv');
const spec = path.join(work, 'syncline.yaml');
writeFileSync(
  spec,
  `version: 1
project: { name: bench }
${specLookups}
systems:
  files: { kind: files, connection: { dir: . } }
  dst: { kind: postgres, connection: { url: "${pgUrl}", schema: ${dst} } }
flows:
  customers:
    from: { system: files, file: customers.csv, key: id, batchSize: 10000 }
    to: { system: dst, table: customers, key: id, mode: upsert }
${specFields}
`,
);
const stageColumns =
  'id text, first_name text, last_name text, email text, phone text, birth_date text, signup_date text, updated_at text, balance text, status text, country text, attrs text, notes text';
const limit = `psql -X -q "${pgUrl}" -c "CREATE TEMP TABLE stage (${stageColumns})" -c "COPY stage FROM STDIN (FORMAT csv, HEADER true)" -c "INSERT INTO ${dst}.customers ${mappedSelect('stage', 'text').replaceAll('\n', ' ')} ${upsertTail}" < ${file}`;
const contenders = [
  { name: 'psql COPY csv (limit)', command: limit },
  {
    name: 'hand-made Node (csv-parse + pg-copy-streams)',
    command: `node bench/contenders/hand-made-csv.mjs ${file} ${dst}`,
  },
  { name: 'syncline', command: synclineRun(spec) },
];

try {
  const expected = await withPg(async (db) => {
    await db.query(`CREATE SCHEMA ${src}; CREATE SCHEMA ${dst}`);
    await db.query(generateSql(src, config.rows));
    await db.query(`CREATE TABLE ${dst}.customers (${targetColumns.replace('attrs jsonb', 'attrs text')})`);
    return (await db.query(checksumSql(`(${mappedSelect(`${src}.customers`, 'text')})`))).rows[0].sum;
  });
  timed(
    `psql -X -q "${pgUrl}" -c "COPY (SELECT * FROM ${src}.customers ORDER BY id) TO STDOUT (FORMAT csv, HEADER true)" > ${file}`,
    { PGTZ: 'UTC' },
  );
  const check = () =>
    withPg(async (db) => {
      const actual = (await db.query(checksumSql(`${dst}.customers`))).rows[0].sum;
      return { ok: actual === expected, detail: `expected ${expected}, got ${actual}` };
    });
  const prepare = () => withPg((db) => db.query(`TRUNCATE ${dst}.customers`));
  const results = await compare({ ...config, contenders, prepare, check });
  publish('csv-to-postgres', 'CSV -> PostgreSQL upsert, 13 columns, 12-field mapping', config, [
    { label: 'insert path (empty target)', results },
  ]);
} finally {
  await withPg((db) =>
    db.query(`DROP SCHEMA IF EXISTS ${src} CASCADE; DROP SCHEMA IF EXISTS ${dst} CASCADE`),
  );
  rmSync(work, { recursive: true, force: true });
}
