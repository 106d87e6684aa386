// Embedded-default benchmark: a SQLite -> SQLite upsert flow run by syncline's engine, against
// two baselines measured in the same run on the same data:
//   limit       one INSERT ... SELECT inside SQLite (ATTACH): no JavaScript at all, the floor
//   hand-made   a plain Node script with the same driver doing the same mapping, batch by batch
// Run after a build:  npm run build --silent && node bench/sqlite-flow.bench.mjs [--rows N]
// Prints rows/s, peak RSS and ratios; writes bench/results/sqlite-flow.{json,md}.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { connectors } from '../dist/connectors/registry.js';
import { checkProject } from '../dist/engine/check-project.js';
import { connectFlow } from '../dist/engine/connect-flow.js';
import { runFlow } from '../dist/engine/run-flow.js';
import { openSqliteStore } from '../dist/store/sqlite/open-sqlite-store.js';
import { resultsDir } from './kit/measure.mjs';

const args = process.argv.slice(2);
const rows = Number(args[args.indexOf('--rows') + 1] || 200_000) || 200_000;
const passes = 3;
const work = mkdtempSync(path.join(os.tmpdir(), 'syncline-bench-'));

const columns = 'id INTEGER PRIMARY KEY, name TEXT, email TEXT, country TEXT, amount TEXT, updated_at TEXT';
const countries = ['Germany', 'France', 'Norway', 'Brazil', 'Czech Republic', 'USA'];
const codes = { Germany: 'DE', France: 'FR', Norway: 'NO', Brazil: 'BR', 'Czech Republic': 'CZ', USA: 'US' };

function makeSource() {
  const db = new Database(path.join(work, 'source.db'));
  db.exec(`CREATE TABLE items (${columns}); CREATE INDEX items_cursor ON items (updated_at, id);`);
  const insert = db.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let id = 1; id <= rows; id++) {
      const stamp = new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString();
      insert.run(
        id,
        `  Name ${id} `,
        ` User${id}@Example.COM `,
        countries[id % countries.length],
        `${id % 997}.${id % 100}`,
        stamp,
      );
    }
  })();
  db.close();
}

function freshTarget() {
  const file = path.join(work, 'target.db');
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(path.join(work, '.syncline'), { recursive: true, force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(
    'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, country TEXT, amount TEXT, updated_at TEXT)',
  );
  db.close();
  return file;
}

function limit() {
  const db = new Database(freshTarget());
  db.prepare('ATTACH DATABASE ? AS src').run(path.join(work, 'source.db'));
  db.exec(`INSERT INTO items SELECT id, trim(name), lower(trim(email)),
    CASE country WHEN 'Germany' THEN 'DE' WHEN 'France' THEN 'FR' WHEN 'Norway' THEN 'NO' WHEN 'Brazil' THEN 'BR'
      WHEN 'Czech Republic' THEN 'CZ' ELSE 'US' END, amount, updated_at FROM src.items WHERE true
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, country = excluded.country,
      amount = excluded.amount, updated_at = excluded.updated_at`);
  db.close();
}

function handMade() {
  const source = new Database(path.join(work, 'source.db'), { readonly: true });
  const target = new Database(freshTarget());
  target.pragma('journal_mode = WAL');
  const upsert = target.prepare(`INSERT INTO items VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, email = excluded.email, country = excluded.country, amount = excluded.amount,
    updated_at = excluded.updated_at`);
  const page = source.prepare(
    'SELECT * FROM items WHERE (updated_at, id) > (?, ?) ORDER BY updated_at, id LIMIT 1000',
  );
  const write = target.transaction((batch) => {
    for (const r of batch) {
      upsert.run(r.id, r.name.trim(), r.email.trim().toLowerCase(), codes[r.country], r.amount, r.updated_at);
    }
  });
  let last = ['', 0];
  for (;;) {
    const batch = page.all(...last);
    if (batch.length === 0) break;
    write(batch);
    const end = batch[batch.length - 1];
    last = [end.updated_at, end.id];
  }
  source.close();
  target.close();
}

async function syncline() {
  freshTarget();
  const spec = path.join(work, 'syncline.yaml');
  writeFileSync(
    spec,
    `version: 1
project: { name: bench }
lookups:
  codes: { Germany: DE, France: FR, Norway: "NO", Brazil: BR, Czech Republic: CZ, USA: US }
systems:
  src: { kind: sqlite, connection: { path: source.db } }
  dst: { kind: sqlite, connection: { path: target.db } }
flows:
  items:
    from: { system: src, table: items, key: id, cursor: updated_at }
    to: { system: dst, table: items, key: id, mode: upsert }
    fields:
      - { from: id, to: id }
      - { from: name, to: name, transform: trim }
      - { from: email, to: email, transform: "trim | lower" }
      - { from: country, to: country, transform: lookup(codes) }
      - { from: amount, to: amount }
      - { from: updated_at, to: updated_at }
`,
  );
  const checked = await checkProject(spec, connectors);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const { project } = checked;
  const flow = project.flows.get('items');
  const store = await openSqliteStore(path.join(work, '.syncline', 'state.db'));
  const run = await runFlow({ flow, store, endpoints: connectFlow(flow, { baseDir: work, env: {} }) });
  await store.close();
  if (run.status !== 'succeeded' || run.written !== rows)
    throw new Error(`run ${run.status}: ${run.error?.message}`);
}

function digest() {
  const db = new Database(path.join(work, 'target.db'), { readonly: true });
  const row = db
    .prepare(
      'SELECT count(*) AS n, sum(length(name || email || country || amount || updated_at)) AS s FROM items',
    )
    .get();
  db.close();
  return `${row.n}:${row.s}`;
}

async function measure(name, fn) {
  const times = [];
  let check;
  for (let i = 0; i < passes; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
    check = digest();
  }
  const best = Math.min(...times);
  return { name, ms: Math.round(best), rowsPerSecond: Math.round(rows / (best / 1000)), check };
}

makeSource();
const results = [
  await measure('limit (INSERT ... SELECT)', limit),
  await measure('hand-made Node script', handMade),
];
const cpuBefore = process.cpuUsage();
results.push(await measure('syncline', syncline));
const cpu = process.cpuUsage(cpuBefore);
const ours = results[2];
for (const r of results.slice(0, 2)) if (r.check !== ours.check) throw new Error(`target differs: ${r.name}`);
const report = {
  rows,
  passes,
  node: process.version,
  results,
  ratios: {
    vsLimit: +(ours.rowsPerSecond / results[0].rowsPerSecond).toFixed(3),
    vsHandMade: +(ours.rowsPerSecond / results[1].rowsPerSecond).toFixed(3),
  },
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  cpuSecondsPerMillionRows: +(((cpu.user + cpu.system) / 1e6 / passes) * (1_000_000 / rows)).toFixed(2),
};
const table = [
  `SQLite -> SQLite upsert, ${rows} rows, best of ${passes}, Node ${process.version}`,
  '',
  '| run | rows/s | ms |',
  '|---|---:|---:|',
  ...results.map((r) => `| ${r.name} | ${r.rowsPerSecond} | ${r.ms} |`),
  '',
  `syncline / limit: ${report.ratios.vsLimit}x · syncline / hand-made: ${report.ratios.vsHandMade}x · peak RSS ${report.peakRssMb} MB · ${report.cpuSecondsPerMillionRows} CPU-s per million rows`,
].join('\n');
console.log(table);
mkdirSync(resultsDir(), { recursive: true });
writeFileSync(path.join(resultsDir(), 'sqlite-flow.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(resultsDir(), 'sqlite-flow.md'), `${table}\n`);
rmSync(work, { recursive: true, force: true });
