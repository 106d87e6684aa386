import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DrillReport } from '../src/drill/drill-flow.js';
import { runCli } from './support/cli.js';
import { type CrashPair, pairSpec, sourceRows } from './support/crash-harness.js';
import { mysqlPair, postgresPair } from './support/crash-pairs.js';
import { copyExample } from './support/example-copy.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * `syncline drill` on the quick-start example (sqlite -> sqlite, 59 customers of which 3 are
 * invalid in the source): every scenario, each against a scratch copy of the ERP database.
 * The live ERP file must be byte-for-byte the same afterwards.
 */

let example: ReturnType<typeof copyExample>;
const flow = 'customers-to-erp';
const liveErp = () => path.join(example.dir, 'work', 'erp.db');
const fileHash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function drill(...args: string[]): { status: number | null; report: DrillReport; stderr: string } {
  const result = runCli(['--spec', example.spec, 'drill', flow, '--json', ...args]);
  if (!result.stdout.trim()) throw new Error(`no report (status ${result.status}): ${result.stderr}`);
  return { status: result.status, report: JSON.parse(result.stdout) as DrillReport, stderr: result.stderr };
}

beforeAll(() => {
  example = copyExample('quick-start');
});

afterAll(() => example?.remove());

describe('syncline drill on sqlite (quick-start)', { timeout: 60_000 }, () => {
  it('target-down within the policy: retries, recovers, nothing lost; the live target is untouched', () => {
    const before = fileHash(liveErp());
    const { status, report } = drill('--scenario', 'target-down', '--down', '1s');
    expect(report.pass.retries).toBeGreaterThan(0);
    expect(report.policy).toMatchObject({ attempts: 3, gaveUp: false });
    expect(report.pass.runs.map((run) => run.status)).toEqual(['succeeded']);
    expect(report.pass.check).toEqual({ records: 59, inTarget: 56, deadLettered: 3, lost: 0, duplicated: 0 });
    expect(report.ok).toBe(true);
    expect(status).toBe(0);
    expect(fileHash(liveErp())).toBe(before);
  });

  it('target-down longer than the policy: says it gave up and how long it allows; the next run continues', () => {
    const { status, report, stderr } = drill('--scenario', 'target-down', '--down', '60s');
    expect(stderr).toContain('write failed, retrying');
    expect(report.policy).toMatchObject({ attempts: 3, gaveUp: true, allowsMs: 3000 });
    expect(report.pass.runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
    expect(report.pass.runs[0]?.error?.message).toContain('target is down');
    expect(report.pass.check.lost).toBe(0);
    expect(status).toBe(0);
  });

  it('target-slow: every row arrives', () => {
    const { status, report } = drill('--scenario', 'target-slow', '--delay', '200ms');
    expect(report.injected).toContain('200 ms');
    expect(report.pass.check).toMatchObject({ inTarget: 56, deadLettered: 3, lost: 0, duplicated: 0 });
    expect(status).toBe(0);
  });

  it('invalid-data: the corrupted rows become dead letters with reasons, none lost', () => {
    const { status, report } = drill('--scenario', 'invalid-data', '--share', '0.1');
    // 5 of 59 rows corrupted (every 10th), on top of the 3 invalid ones in the source.
    expect(report.pass.check).toEqual({ records: 59, inTarget: 51, deadLettered: 8, lost: 0, duplicated: 0 });
    expect(Object.values(report.pass.deadLetters).reduce((a, b) => a + b, 0)).toBe(8);
    expect(report.pass.deadLetters.required).toBeGreaterThan(1);
    expect(status).toBe(0);
  });

  it('volume-spike: 10x the rows with new keys, all accounted for, memory measured for 1x and 10x', () => {
    const { status, report } = drill('--scenario', 'volume-spike');
    expect(report.baseline?.check).toMatchObject({ records: 59, lost: 0 });
    expect(report.pass.check).toEqual({
      records: 590,
      inTarget: 560,
      deadLettered: 30,
      lost: 0,
      duplicated: 0,
    });
    expect(report.baseline?.peakRssBytes).toBeGreaterThan(0);
    expect(report.pass.peakRssBytes).toBeGreaterThan(0);
    expect(status).toBe(0);
  });

  it('duplicate-delivery: every batch twice, the keyed writes absorb it', () => {
    const { status, report } = drill('--scenario', 'duplicate-delivery');
    expect(report.pass.runs[0]?.read).toBe(118);
    expect(report.pass.check).toMatchObject({ records: 59, inTarget: 56, lost: 0, duplicated: 0 });
    expect(status).toBe(0);
  });

  it('crash: killed mid-run, resumed from the checkpoint, nothing lost or duplicated', () => {
    const { status, report } = drill('--scenario', 'crash');
    expect(report.pass.killed).toBe(true);
    expect(report.pass.runs.length).toBe(2);
    expect(report.pass.runs[1]?.status).toBe('succeeded');
    expect(report.pass.check).toMatchObject({ inTarget: 56, deadLettered: 3, lost: 0, duplicated: 0 });
    expect(status).toBe(0);
  });

  it('an append-only CSV target: a slow target loses nothing; duplicate delivery shows in the check, exit 1', () => {
    const slow = runCli([
      '--spec',
      example.spec,
      'drill',
      'invoices-to-finance',
      '--scenario',
      'target-slow',
      '--delay',
      '50ms',
      '--json',
    ]);
    const slowReport = JSON.parse(slow.stdout) as DrillReport;
    expect(slowReport.pass.check.lost).toBe(0);
    expect(slowReport.pass.check.duplicated).toBe(0);
    expect(slowReport.pass.check.inTarget).toBeGreaterThan(0);
    expect(slow.status).toBe(0);
    const twice = runCli([
      '--spec',
      example.spec,
      'drill',
      'invoices-to-finance',
      '--scenario',
      'duplicate-delivery',
      '--json',
    ]);
    const twiceReport = JSON.parse(twice.stdout) as DrillReport;
    // A CSV appends what it is given: every record delivered twice is there twice.
    expect(twiceReport.pass.check.duplicated).toBe(twiceReport.pass.check.inTarget);
    expect(twiceReport.expectations).toContainEqual({ name: 'nothing duplicated in the target', ok: false });
    expect(twiceReport.ok).toBe(false);
    expect(twice.status).toBe(1);
    expect(existsSync(path.join(example.dir, 'work', 'finance', 'invoices.csv'))).toBe(false);
  });

  it('prints a readable report without --json', () => {
    const result = runCli(['--spec', example.spec, 'drill', flow, '--scenario', 'duplicate-delivery']);
    expect(result.stdout).toContain('injected:      each batch is delivered twice');
    expect(result.stdout).toContain('lost 0, duplicated 0');
    expect(result.stdout).toContain('drill passed');
    expect(result.status).toBe(0);
  });
});

describe('syncline drill on postgres', { timeout: 60_000 }, () => {
  let pair: CrashPair;
  let work: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    work = makeTempDir('drill-pg');
    pair = await postgresPair();
    await pair.seed(sourceRows(200));
    writeFileSync(
      path.join(work.dir, 'syncline.yaml'),
      pairSpec(pair, 50, '    errors: { retry: { attempts: 4, backoff: fixed, delay: 500ms } }\n'),
    );
  });

  afterAll(async () => {
    await pair?.close();
    work?.remove();
  });

  it('target-down: runs in a scratch schema that is dropped after; the live table stays empty', async () => {
    const result = runCli([
      '--spec',
      path.join(work.dir, 'syncline.yaml'),
      'drill',
      'copy',
      '--scenario',
      'target-down',
      '--down',
      '1s',
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report.pass.scratch).toMatch(/^syncline_drill_/);
    expect(report.pass.retries).toBeGreaterThan(0);
    expect(report.pass.check).toEqual({
      records: 200,
      inTarget: 200,
      deadLettered: 0,
      lost: 0,
      duplicated: 0,
    });
    expect(result.status).toBe(0);
    expect(await pair.count()).toBe(0);
    const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
    await client.connect();
    try {
      const left = await client.query("SELECT 1 FROM pg_namespace WHERE nspname LIKE 'syncline_drill_%'");
      expect(left.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});

describe('syncline drill on mysql', { timeout: 60_000 }, () => {
  let pair: CrashPair;
  let work: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    work = makeTempDir('drill-mysql');
    pair = await mysqlPair();
    await pair.seed(sourceRows(100));
    writeFileSync(path.join(work.dir, 'syncline.yaml'), pairSpec(pair, 25));
  });

  afterAll(async () => {
    await pair?.close();
    work?.remove();
  });

  it('duplicate-delivery: runs in a scratch database that is dropped after; the live table stays empty', async () => {
    const spec = path.join(work.dir, 'syncline.yaml');
    const result = runCli(['--spec', spec, 'drill', 'copy', '--scenario', 'duplicate-delivery', '--json']);
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report.pass.scratch).toMatch(/^syncline_drill_\w+\.items_copy$/);
    expect(report.pass.check).toEqual({
      records: 100,
      inTarget: 100,
      deadLettered: 0,
      lost: 0,
      duplicated: 0,
    });
    expect(result.status).toBe(0);
    expect(await pair.count()).toBe(0);
  });
});
