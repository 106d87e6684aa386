import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeTempDir } from './support/temp-dir.js';

/**
 * `npm run bench` at 10,000 rows and one pass, so the harness never rots: every bench runs end
 * to end against the real servers, each result is checked by checksum inside the bench (a
 * mismatch fails it), and the tables carry syncline's ratios. No timing is asserted.
 */
it('runs every benchmark end to end at 10,000 rows', { timeout: 900_000 }, () => {
  const { dir: results, remove } = makeTempDir('bench-smoke');
  try {
    const run = spawnSync(process.execPath, ['bench/run-all.mjs', '--rows', '10000', '--passes', '1'], {
      encoding: 'utf8',
      // Node-RED is installed on demand from the registry and costs minutes: not in the smoke test.
      env: { ...process.env, SYNCLINE_BENCH_RESULTS: results, SYNCLINE_BENCH_NODE_RED: 'off' },
      timeout: 880_000,
    });
    expect(run.status, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`).toBe(0);
    for (const name of ['postgres-flow-10000', 'csv-to-postgres-10000', 'postgres-to-mariadb-10000']) {
      const report = JSON.parse(readFileSync(path.join(results, `${name}.json`), 'utf8'));
      expect(report.rows).toBe(10_000);
      for (const section of report.sections) {
        expect(section.results.map((r: { name: string }) => r.name)).toContain('syncline');
        for (const ratio of Object.values(section.ratios)) expect(ratio).toBeGreaterThan(0);
      }
    }
    const sqlite = JSON.parse(readFileSync(path.join(results, 'sqlite-flow.json'), 'utf8'));
    expect(sqlite.ratios.vsHandMade).toBeGreaterThan(0);
  } finally {
    remove();
  }
});
