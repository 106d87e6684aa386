// PostgreSQL source alone: syncline's read + mapping with no write, through COPY (the default,
// decision 0040) and through the query path (`copy: false`: keyset pages), against `psql`
// printing the same COPY to /dev/null (what reading costs at the least). Nothing is written, so
// there is no checksum; the contender itself checks the row count.
// Run after a build:  npm run build --silent && node bench/postgres-read.bench.mjs
// Rows: SYNCLINE_BENCH_ROWS (default 200000) or --rows N; passes: SYNCLINE_BENCH_PASSES or --passes N.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compare, publish, settings } from './kit/measure.mjs';
import { benchSpec, generateSql, pgSystem, pgUrl, withPg } from './kit/pg-workload.mjs';

const config = settings();
const src = `${config.tag}_src`;
const work = mkdtempSync(path.join(os.tmpdir(), 'syncline-bench-'));
const spec = (copy) => {
  const file = path.join(work, `syncline-copy-${copy}.yaml`);
  writeFileSync(file, benchSpec({ srcSchema: src, dst: pgSystem(src), sourceOptions: `, copy: ${copy}` }));
  return file;
};

const readOnly = (copy) =>
  `node bench/contenders/syncline-read-only.mjs ${spec(copy)} customers ${config.rows}`;
const contenders = [
  {
    name: 'psql COPY text to /dev/null (limit)',
    command: `psql -X -q "${pgUrl}" -c "COPY (SELECT * FROM ${src}.customers ORDER BY id) TO STDOUT" > /dev/null`,
    writes: false,
  },
  { name: 'syncline', command: readOnly(true), writes: false },
  { name: 'syncline, copy: false', command: readOnly(false), writes: false },
];

try {
  await withPg(async (db) => {
    await db.query(`CREATE SCHEMA ${src}`);
    await db.query(generateSql(src, config.rows));
    // Vacuumed once, so that no contender pays for setting the new rows' hint bits on its read.
    await db.query(`VACUUM (FREEZE, ANALYZE) ${src}.customers`);
  });
  console.log('read + map, no write');
  const results = await compare({
    ...config,
    contenders,
    prepare: async () => {},
    check: async () => ({ ok: true }),
  });
  publish('postgres-read', 'PostgreSQL source read + 12-field mapping, no write, 13 columns', config, [
    { label: 'read + map only', results },
  ]);
} finally {
  await withPg((db) => db.query(`DROP SCHEMA IF EXISTS ${src} CASCADE`));
  rmSync(work, { recursive: true, force: true });
}
