// Runs one contender as its own process under GNU time, so its wall time, client CPU (user +
// system of every process it starts, psql included) and peak RSS are its own. Server CPU is
// not counted: it is the same work for every contender.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function settings() {
  const args = process.argv.slice(2);
  const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const rows = Number(arg('--rows') ?? process.env.SYNCLINE_BENCH_ROWS ?? 200_000);
  const passes = Number(arg('--passes') ?? process.env.SYNCLINE_BENCH_PASSES ?? (rows <= 200_000 ? 3 : 1));
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`bad row count: ${rows}`);
  return { rows, passes, tag: `bench_${process.pid}_${Date.now().toString(36)}` };
}

/** Runs `command` (a shell line) once; returns seconds, CPU seconds and peak RSS in MB. */
export function timed(command, env = {}) {
  const out = path.join(os.tmpdir(), `syncline-bench-time-${process.pid}.txt`);
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', '-o', out, 'bash', '-o', 'pipefail', '-c', command],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const [wall, user, system, rssKb] = readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .pop()
    .split(' ')
    .map(Number);
  rmSync(out, { force: true });
  if (result.status !== 0) throw new Error(`failed (${result.status}): ${command}`);
  return { seconds: wall, cpuSeconds: user + system, peakRssMb: Math.round(rssKb / 1024) };
}

/**
 * syncline's contender: `syncline run <flow>` of the built CLI, as an operator runs it (its
 * summary is not printed; the bench checks the target by checksum). The state store is
 * `.syncline/` beside the spec, so each spec of a bench needs a folder of its own.
 */
export const synclineRun = (spec, flow = 'customers') =>
  `node dist/cli/bin.js --spec ${spec} run ${flow} > /dev/null`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Runs each contender `passes` times (contenders interleaved pass by pass), preparing the
 * target before and checking its checksum after every run. Returns one summary per contender.
 */
export async function compare({ rows, passes, contenders, prepare, check }) {
  const runs = new Map(contenders.map((c) => [c.name, []]));
  for (let pass = 0; pass < passes; pass++) {
    for (const c of contenders) {
      await prepare();
      const run = timed(c.command, c.env);
      // A contender that writes nothing (a floor measurement) leaves no target to check.
      const verdict = c.writes === false ? { ok: true } : await check();
      if (!verdict.ok)
        throw new Error(`${c.name}: target differs from the expected result (${verdict.detail})`);
      runs.get(c.name).push(run);
      console.log(
        `  pass ${pass + 1} ${c.name}: ${run.seconds}s, ${run.cpuSeconds.toFixed(2)} CPU-s, ${run.peakRssMb} MB`,
      );
    }
  }
  return contenders.map((c) => {
    const all = runs.get(c.name);
    const seconds = median(all.map((r) => r.seconds));
    return {
      name: c.name,
      seconds,
      rowsPerSecond: Math.round(rows / Math.max(seconds, 0.001)),
      peakRssMb: Math.max(...all.map((r) => r.peakRssMb)),
      cpuSecondsPerMillionRows: +((median(all.map((r) => r.cpuSeconds)) * 1_000_000) / rows).toFixed(2),
      passes: all,
    };
  });
}

/** Ratio of syncline's throughput to each baseline's (above 1: syncline is faster). */
export function ratios(results, ours = 'syncline') {
  const mine = results.find((r) => r.name === ours);
  return Object.fromEntries(
    results
      .filter((r) => r.name !== ours)
      .map((r) => [r.name, +(mine.rowsPerSecond / r.rowsPerSecond).toFixed(3)]),
  );
}

/** Where results are written: bench/results, or SYNCLINE_BENCH_RESULTS (the smoke test's temp folder). */
export function resultsDir() {
  return process.env.SYNCLINE_BENCH_RESULTS ?? 'bench/results';
}

/**
 * syncline's throughput over the fastest of several variants of one tool (`names`), for the
 * table's "vs <label>" line; undefined when none of them ran.
 */
export function bestOf(results, { label, names }, ours = 'syncline') {
  const ran = results.filter((r) => names.includes(r.name));
  if (ran.length === 0) return undefined;
  const best = ran.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
  const mine = results.find((r) => r.name === ours);
  return { label, name: best.name, ratio: +(mine.rowsPerSecond / best.rowsPerSecond).toFixed(3) };
}

/**
 * Prints the Markdown table and writes bench/results/<name>.{json,md}. A section may name
 * `best` groups (several variants of one tool: one more line with syncline over the fastest);
 * `notes` are printed under the title (which optional contenders ran).
 */
export function publish(name, title, { rows, passes }, sections, notes = []) {
  const lines = [
    `${title}, ${rows} rows, median of ${passes}, Node ${process.version}, ${os.cpus().length} cores`,
    '',
    ...notes.flatMap((note) => [note, '']),
  ];
  const report = {
    rows,
    passes,
    node: process.version,
    cores: os.cpus().length,
    date: new Date().toISOString(),
    // One string, not an array: the file stays as Biome would format it.
    ...(notes.length > 0 ? { notes: notes.join('\n') } : {}),
    sections: [],
  };
  for (const { label, results, best = [] } of sections) {
    const r = ratios(results);
    const bests = best.map((group) => bestOf(results, group)).filter((b) => b !== undefined);
    report.sections.push({ label, results, ratios: r, ...(bests.length > 0 ? { best: bests } : {}) });
    lines.push(
      `**${label}**`,
      '',
      '| run | rows/s | s | CPU-s / 1M rows | peak RSS MB | syncline / this |',
      '|---|---:|---:|---:|---:|---:|',
    );
    for (const x of results) {
      const ratio = x.name === 'syncline' ? '—' : `${r[x.name]}x`;
      lines.push(
        `| ${x.name} | ${x.rowsPerSecond} | ${x.seconds} | ${x.cpuSecondsPerMillionRows} | ${x.peakRssMb} | ${ratio} |`,
      );
    }
    for (const b of bests) lines.push(`| **vs ${b.label}** (${b.name}) | | | | | **${b.ratio}x** |`);
    lines.push('');
  }
  const table = lines.join('\n');
  console.log(`\n${table}`);
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const suffix = rows === 200_000 ? '' : `-${rows}`;
  writeFileSync(path.join(dir, `${name}${suffix}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, `${name}${suffix}.md`), `${table}\n`);
}
