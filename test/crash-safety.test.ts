import { afterAll, describe, expect, it } from 'vitest';
import {
  type CrashPair,
  type CrashTrial,
  mulberry32,
  runCrashTrial,
  summaryTable,
} from './support/crash-harness.js';
import { csvPair, mysqlPair, postgresPair, sqlitePair } from './support/crash-pairs.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * Crash safety, end to end: the real CLI is SIGKILLed 20 times per database pair (6 for the CSV file)
 * at seeded random points of a run (see test/support/crash-harness.ts); after every kill the
 * checkpoint must not be ahead of the target, and once a last run finishes, an independent
 * checker must find every source row exactly once, with exactly its mapped content.
 * Kill points are random but replayable: the seed is in the test name; SYNCLINE_TEST_SEED=N
 * repeats it. About two minutes on an idle machine: the time goes into the CLI's start-up,
 * once per kill (the pairs run one after another; side by side they only compete for CPU).
 */

const batchSize = 50;
const seed = Number(process.env.SYNCLINE_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const trials: CrashTrial[] = [];

afterAll(() => {
  if (trials.length > 0) console.log(`crash harness (seed ${seed}):\n${summaryTable(trials)}`);
});

/**
 * Enough rows that the kills end before the data does, on a quiet machine too: an attempt
 * copies a few batches plus up to 30 ms of writing before its kill, and a run that reaches the
 * end leaves nothing for the next attempts to interrupt.
 */
const pairs: readonly {
  name: string;
  open: (dir: string) => CrashPair | Promise<CrashPair>;
  kills: number;
  rows: number;
}[] = [
  { name: 'sqlite -> sqlite', open: sqlitePair, kills: 20, rows: 60_000 },
  { name: 'postgres -> postgres', open: () => postgresPair(), kills: 20, rows: 40_000 },
  { name: 'mysql -> mysql', open: () => mysqlPair(), kills: 20, rows: 40_000 },
  // Appending to a file is where a repeated batch would show as duplicates.
  { name: 'sqlite -> csv (append)', open: csvPair, kills: 6, rows: 30_000 },
];

describe(`SIGKILL at random points of a run (seed ${seed})`, () => {
  pairs.forEach(({ name, open, kills, rows }, index) => {
    it(`${name}, ${kills} kills: nothing lost, nothing duplicated, checkpoint never ahead`, {
      timeout: 420_000,
    }, async () => {
      const work = makeTempDir('crash');
      const pair = await open(work.dir);
      try {
        const trial = await runCrashTrial(pair, {
          dir: work.dir,
          rows,
          kills,
          batchSize,
          random: mulberry32(seed + index),
        });
        trials.push(trial);
        trials.sort(
          (a, b) => pairs.findIndex((p) => p.name === a.pair) - pairs.findIndex((p) => p.name === b.pair),
        );
        expect(trial.finalStderr).toBe('');
        expect(trial.finalStatus).toBe(0);
        expect(trial.kills).toBeGreaterThanOrEqual(kills);
        expect({ lost: trial.lost, duplicated: trial.duplicated, changed: trial.changed }).toEqual({
          lost: 0,
          duplicated: 0,
          changed: 0,
        });
        expect(trial.checkpointAhead).toBe(0);
      } finally {
        await pair.close();
        work.remove();
      }
    });
  });
});
