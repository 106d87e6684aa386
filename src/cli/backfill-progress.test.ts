import { describe, expect, it } from 'vitest';
import type { BackfillProgress } from '../engine/backfill/run-backfill.js';
import { backfillProgress, describe as describeProgress } from './backfill-progress.js';

const halfway: BackfillProgress = {
  backfillId: 'bf-000001',
  chunks: 100,
  chunksDone: 50,
  total: 1_000_000,
  rowsDone: 500_000,
  rowsThisRun: 200_000,
  elapsedMs: 20_000,
};

function stream(isTTY: boolean): { writes: string[]; stream: NodeJS.WriteStream } {
  const writes: string[] = [];
  const fake = { isTTY, columns: 100, write: (text: string) => writes.push(text) > 0 };
  return { writes, stream: fake as unknown as NodeJS.WriteStream };
}

describe('backfill progress', () => {
  it("reads rows, chunks, rate and an ETA from this run's rate", () => {
    expect(describeProgress(halfway)).toBe(
      ' 50% 500,000/1,000,000 rows  chunk 50/100  10,000 rows/s  ETA 50.0 s',
    );
  });

  it('redraws one bar in place on a terminal', () => {
    const out = stream(true);
    let now = 10_000;
    const progress = backfillProgress(out.stream, () => now);
    progress.update(halfway);
    now += 10; // too soon, same chunk: not redrawn
    progress.update({ ...halfway, rowsDone: 501_000 });
    now += 200;
    progress.update({ ...halfway, rowsDone: 502_000 });
    progress.end();
    expect(out.writes).toHaveLength(3);
    expect(
      out.writes[0]?.startsWith(`\r\u001b[K${'█'.repeat(15)}${'░'.repeat(15)}  50% 500,000/1,000,000 rows`),
    ).toBe(true);
    expect(out.writes[2]).toBe('\n');
  });

  it('writes plain lines without escape codes elsewhere, and the last state at the end', () => {
    const out = stream(false);
    let now = 10_000;
    const progress = backfillProgress(out.stream, () => now);
    progress.update(halfway);
    now += 1000;
    progress.update({ ...halfway, chunksDone: 100, rowsDone: 1_000_000 });
    progress.end();
    expect(out.writes).toEqual([
      'backfill  50% 500,000/1,000,000 rows  chunk 50/100  10,000 rows/s  ETA 50.0 s\n',
      'backfill 100% 1,000,000/1,000,000 rows  chunk 100/100  10,000 rows/s  ETA 0 s\n',
    ]);
  });
});
