// PostgreSQL -> PostgreSQL: 13 business columns, a 12-field mapping, upsert by key, on the
// insert path (empty target) and the update path (every row exists, stale), against baselines
// measured in the same run on the same data:
//   psql COPY binary / text   COPY (SELECT <mapping in SQL>) TO STDOUT | COPY ... FROM STDIN —
//                             the limit (update path: into a temp table, then one merge)
//   hand-made Node            pg + pg-copy-streams, the same mapping in plain JavaScript
//   Node floor                the same, a chunk at a time with no row objects: what bounds any
//                             Node client (not a competitor: it checks nothing)
//   Node-RED 4.1              one message per page and one message per row (function nodes with
//                             pg), installed into bench/.scratch; SYNCLINE_BENCH_NODE_RED=off|batch|all
// Every run is checked against the expected result by a checksum the server computes.
// Run after a build:  npm run build --silent && node bench/postgres-flow.bench.mjs
// Rows: SYNCLINE_BENCH_ROWS (default 200000) or --rows N; passes: SYNCLINE_BENCH_PASSES or --passes N.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeRedContenders } from './contenders/node-red/node-red-contenders.mjs';
import { compare, publish, settings, synclineRun } from './kit/measure.mjs';
import {
  benchSpec,
  checksumSql,
  generateSql,
  mappedSelect,
  pgSystem,
  pgUrl,
  targetColumns,
  upsertTail,
  withPg,
} from './kit/pg-workload.mjs';

const config = settings();
const src = `${config.tag}_src`;
const dst = `${config.tag}_dst`;
// Checks SYNCLINE_BENCH_NODE_RED and installs Node-RED before anything is created or timed.
const nodeRed = nodeRedContenders(src, dst);
const work = mkdtempSync(path.join(os.tmpdir(), 'syncline-bench-'));
const spec = path.join(work, 'syncline.yaml');
writeFileSync(spec, benchSpec({ srcSchema: src, dst: pgSystem(dst) }));
// A folder of its own: the CLI keeps its state store beside the spec.
mkdirSync(path.join(work, 'row-path'));
const rowPathSpec = path.join(work, 'row-path', 'syncline.yaml');
writeFileSync(
  rowPathSpec,
  benchSpec({ srcSchema: src, dst: pgSystem(dst), targetOptions: ', copyText: false' }),
);

const mapped = mappedSelect(`${src}.customers`);
const stale = `INSERT INTO ${dst}.customers SELECT id, first_name, last_name, email, phone, birth_date, signup_date,
  updated_at - interval '1 day', 0, 'stale', country_code, '{}' FROM (${mapped}) m`;

function contenders(update) {
  const pipe = (format) => {
    const into = update ? 'stage' : `${dst}.customers`;
    const merge = update
      ? `-c "CREATE TEMP TABLE stage (LIKE ${dst}.customers)" -c "COPY stage FROM STDIN ${format}" -c "INSERT INTO ${dst}.customers SELECT * FROM stage ${upsertTail}"`
      : `-c "COPY ${into} FROM STDIN ${format}"`;
    return `psql -X -q "${pgUrl}" -c "COPY (${mapped.replaceAll('\n', ' ')}) TO STDOUT ${format}" | psql -X -q "${pgUrl}" ${merge}`;
  };
  return [
    { name: 'psql COPY binary (limit)', command: pipe('(FORMAT binary)') },
    { name: 'psql COPY text', command: pipe('') },
    {
      name: 'hand-made Node (pg + pg-copy-streams)',
      command: `node bench/contenders/hand-made-pg.mjs ${src} ${dst}`,
    },
    // Not a competitor: the least a Node client can spend here (no rows as objects, no checks).
    {
      name: 'Node floor (chunk-level, no row objects)',
      command: `node bench/contenders/node-floor-pg.mjs ${src} ${dst}${update ? '' : ' --direct'}`,
    },
    ...nodeRed.contenders,
    { name: 'syncline', command: synclineRun(spec) },
    // Not a competitor: the same flow with the COPY text lane off (decision 0049).
    {
      name: 'syncline, row path (copyText: false)',
      command: synclineRun(rowPathSpec),
    },
  ];
}

try {
  const expected = await withPg(async (db) => {
    await db.query(`CREATE SCHEMA ${src}; CREATE SCHEMA ${dst}`);
    await db.query(generateSql(src, config.rows));
    // Vacuumed once, so that no contender pays for setting the new rows' hint bits on its read.
    await db.query(`VACUUM (FREEZE, ANALYZE) ${src}.customers`);
    await db.query(`CREATE TABLE ${dst}.customers (${targetColumns})`);
    return (await db.query(checksumSql(`(${mapped})`))).rows[0].sum;
  });
  const check = () =>
    withPg(async (db) => {
      const actual = (await db.query(checksumSql(`${dst}.customers`))).rows[0].sum;
      return { ok: actual === expected, detail: `expected ${expected}, got ${actual}` };
    });
  const sections = [];
  for (const update of [false, true]) {
    const label = update ? 'update path (every row exists)' : 'insert path (empty target)';
    console.log(label);
    const prepare = () =>
      withPg(async (db) => {
        await db.query(`TRUNCATE ${dst}.customers`);
        if (!update) return;
        await db.query(stale);
        await db.query(`VACUUM ANALYZE ${dst}.customers`);
      });
    sections.push({
      label,
      results: await compare({ ...config, contenders: contenders(update), prepare, check }),
      best: [nodeRed.best],
    });
  }
  publish(
    'postgres-flow',
    'PostgreSQL -> PostgreSQL upsert, 13 columns, 12-field mapping',
    config,
    sections,
    [nodeRed.note],
  );
} finally {
  await withPg((db) =>
    db.query(`DROP SCHEMA IF EXISTS ${src} CASCADE; DROP SCHEMA IF EXISTS ${dst} CASCADE`),
  );
  rmSync(work, { recursive: true, force: true });
}
