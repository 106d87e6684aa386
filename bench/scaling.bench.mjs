// How syncline's PostgreSQL -> PostgreSQL insert path scales with the row count: one pass per
// size (100,000 and 1,000,000 rows; 10,000,000 too with SYNCLINE_BENCH_10M=1), printing rows/s,
// client CPU-seconds per million rows and peak RSS per size. The goal is a flat line: memory
// bounded by the batch budget (docs/decisions/0042), not by the table. Every run is checked
// against the expected result by the workload's checksum.
// Run after a build:  npm run build --silent && node bench/scaling.bench.mjs
// `--rows N` (or SYNCLINE_BENCH_ROWS) measures that one size instead (the smoke test's 10,000).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resultsDir, synclineRun, timed } from './kit/measure.mjs';
import {
  benchSpec,
  checksumSql,
  generateSql,
  mappedSelect,
  pgSystem,
  targetColumns,
  withPg,
} from './kit/pg-workload.mjs';

const args = process.argv.slice(2);
const asked = args.includes('--rows') ? args[args.indexOf('--rows') + 1] : process.env.SYNCLINE_BENCH_ROWS;
const sizes =
  asked !== undefined
    ? [Number(asked)]
    : [100_000, 1_000_000, ...(process.env.SYNCLINE_BENCH_10M === '1' ? [10_000_000] : [])];
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`bad row count: ${asked}`);
const tag = `bench_${process.pid}_${Date.now().toString(36)}`;
const src = `${tag}_src`;
const dst = `${tag}_dst`;
const work = mkdtempSync(path.join(os.tmpdir(), 'syncline-bench-'));
const spec = path.join(work, 'syncline.yaml');
writeFileSync(spec, benchSpec({ srcSchema: src, dst: pgSystem(dst) }));

const drop = (db) => db.query(`DROP SCHEMA IF EXISTS ${src} CASCADE; DROP SCHEMA IF EXISTS ${dst} CASCADE`);
const results = [];
try {
  for (const rows of sizes) {
    console.log(`${rows} rows: generating`);
    const expected = await withPg(async (db) => {
      await drop(db);
      await db.query(`CREATE SCHEMA ${src}; CREATE SCHEMA ${dst}`);
      await db.query(generateSql(src, rows));
      await db.query(`VACUUM (FREEZE, ANALYZE) ${src}.customers`);
      await db.query(`CREATE TABLE ${dst}.customers (${targetColumns})`);
      return (await db.query(checksumSql(`(${mappedSelect(`${src}.customers`)})`))).rows[0].sum;
    });
    const run = timed(synclineRun(spec));
    const actual = await withPg(async (db) => (await db.query(checksumSql(`${dst}.customers`))).rows[0].sum);
    if (actual !== expected)
      throw new Error(`${rows} rows: target differs (expected ${expected}, got ${actual})`);
    const result = {
      rows,
      seconds: run.seconds,
      rowsPerSecond: Math.round(rows / Math.max(run.seconds, 0.001)),
      cpuSecondsPerMillionRows: +((run.cpuSeconds * 1_000_000) / rows).toFixed(2),
      peakRssMb: run.peakRssMb,
    };
    results.push(result);
    console.log(
      `  ${result.rowsPerSecond} rows/s, ${result.cpuSecondsPerMillionRows} CPU-s / 1M rows, ${result.peakRssMb} MB`,
    );
    await withPg(drop);
  }
} finally {
  await withPg(drop);
  rmSync(work, { recursive: true, force: true });
}

const lines = [
  `syncline PostgreSQL -> PostgreSQL insert path by size, batchSize 10000, one pass each, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  '',
  '| rows | rows/s | s | CPU-s / 1M rows | peak RSS MB |',
  '|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.rows} | ${r.rowsPerSecond} | ${r.seconds} | ${r.cpuSecondsPerMillionRows} | ${r.peakRssMb} |`,
  ),
];
const table = lines.join('\n');
console.log(`\n${table}`);
const dir = resultsDir();
mkdirSync(dir, { recursive: true });
const name = asked === undefined ? 'scaling' : `scaling-${sizes[0]}`;
const report = { node: process.version, cores: os.cpus().length, date: new Date().toISOString(), results };
writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(dir, `${name}.md`), `${table}\n`);
