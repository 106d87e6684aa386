import { afterAll, describe, expect, it } from 'vitest';
import { checkTarget, countRows, seedPair, stateRows } from './backfill/backfill-pair.js';
import { runCli, startCli } from './support/cli.js';
import { mulberry32 } from './support/crash-harness.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * The backfill acceptance: a backfill SIGKILLed twice at seeded points resumes after its last
 * finished chunk and ends with exactly every source row once, with the mapped content —
 * checked by key count, a join on content and a checksum each side. 100k rows in the suite;
 * SYNCLINE_BACKFILL_ROWS=1000000 runs the million-row version.
 */

const rows = Number(process.env.SYNCLINE_BACKFILL_ROWS ?? 100_000);
const seed = Number(process.env.SYNCLINE_TEST_SEED ?? 20261129);
const work = makeTempDir('backfill-crash');
afterAll(() => work.remove());

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe(`backfill of ${rows.toLocaleString('en-US')} rows killed twice`, () => {
  it('resumes after the last finished chunk and ends with every row exactly once', async () => {
    const random = mulberry32(seed);
    const { spec, source, target } = seedPair(work.dir, rows);
    // A rate keeps the backfill slow enough to be killed inside each window on a fast, quiet
    // machine (unthrottled, the second half can finish between two polls).
    const args = [
      'backfill',
      'copy',
      '--spec',
      spec,
      '--parallel',
      '2',
      '--rate',
      String(Math.ceil(rows / 2.5)),
    ];
    const killedAt: number[] = [];
    const doneAfterKill: number[] = [];
    // Kill once in the first half and once in the second, at seeded row counts.
    for (const [low, high] of [
      [0.1, 0.4],
      [0.5, 0.85],
    ] as const) {
      const threshold = Math.floor(rows * (low + random() * (high - low)));
      const child = startCli(args);
      let exited = false;
      const exit = new Promise<void>((resolve) =>
        child.on('exit', () => {
          exited = true;
          resolve();
        }),
      );
      while (!exited && countRows(target) < threshold) await sleep(20 + random() * 40);
      expect(exited, 'the backfill ended before it could be killed').toBe(false);
      child.kill('SIGKILL');
      await exit;
      killedAt.push(countRows(target));
      const [done] = stateRows<{ n: number }>(
        work.dir,
        'SELECT count(*) AS n FROM backfill_chunks WHERE is_done = 1',
      );
      doneAfterKill.push(done?.n ?? 0);
    }
    expect(killedAt[0]).toBeLessThan(rows);
    expect(killedAt[1]).toBeLessThan(rows);
    // Chunks finished before the first kill stayed finished: the second process resumed.
    expect(doneAfterKill[1]).toBeGreaterThan(doneAfterKill[0] ?? 0);

    const final = runCli(args);
    expect(final.stderr).toBe('');
    expect(final.status).toBe(0);
    expect(final.stdout).toContain('(resumed)');
    expect(final.stdout).toMatch(/chunks\s+\d+\/\d+ done/);
    // Not a terminal: plain progress lines, no escape codes (no bar redrawn with \r).
    expect(final.stdout.includes('\u001b')).toBe(false);
    expect(final.stdout.includes('\r')).toBe(false);
    expect(final.stdout).toMatch(/^backfill 100% /m);

    const check = checkTarget(source, target);
    console.log(
      `backfill crash test: ${rows} rows, killed at ${killedAt.join(' and ')} target rows (chunks done ${doneAfterKill.join(', ')}); final:\n${final.stdout}\n${JSON.stringify(check)}`,
    );
    expect(check.rows).toBe(rows);
    expect(check.distinctKeys).toBe(rows);
    expect(check.matching).toBe(rows);
    expect(check.targetChecksum).toBe(check.expectedChecksum);

    // The flow's incremental checkpoint was never written; every run was a backfill run.
    expect(stateRows(work.dir, "SELECT * FROM checkpoints WHERE flow = 'copy'")).toEqual([]);
    const runs = stateRows<{ trigger: string; status: string }>(
      work.dir,
      'SELECT trigger, status FROM runs ORDER BY seq',
    );
    expect(runs).toEqual([
      { trigger: 'backfill', status: 'interrupted' },
      { trigger: 'backfill', status: 'interrupted' },
      { trigger: 'backfill', status: 'succeeded' },
    ]);
    expect(stateRows(work.dir, 'SELECT status FROM backfills')).toEqual([{ status: 'finished' }]);
  }, 900_000);
});
