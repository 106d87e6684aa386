import type { BackfillProgress } from '../engine/backfill/run-backfill.js';
import { formatDuration } from './output.js';

/**
 * Progress of a backfill: on a terminal one bar redrawn in place (rows done/total, chunk i/n,
 * rate, ETA); anywhere else (CI logs, a pipe) a plain line now and then, with no escape codes.
 */
export function backfillProgress(
  stream: NodeJS.WriteStream = process.stdout,
  clock: () => number = Date.now,
): { update(progress: BackfillProgress): void; end(): void } {
  const isTerminal = Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
  const every = isTerminal ? 100 : 5000;
  let last = 0;
  let latest: BackfillProgress | undefined;
  let shown: BackfillProgress | undefined;
  const show = (progress: BackfillProgress) => {
    shown = progress;
    if (isTerminal) {
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 70));
      const share = progress.total > 0 ? Math.min(1, progress.rowsDone / progress.total) : 1;
      const filled = Math.round(share * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      stream.write(`\r\u001b[K${bar} ${describe(progress)}`);
    } else {
      stream.write(`backfill ${describe(progress)}\n`);
    }
  };
  return {
    update(progress) {
      latest = progress;
      const now = clock();
      const isChunkEnd = progress.chunksDone !== shown?.chunksDone;
      if (now - last < every && !(isTerminal && isChunkEnd)) return;
      last = now;
      show(progress);
    },
    end() {
      if (latest !== undefined && latest !== shown) show(latest);
      if (isTerminal && shown !== undefined) stream.write('\n');
    },
  };
}

/** `45% 450,000/1,000,000 rows  chunk 45/100  12,345 rows/s  ETA 1 min 2 s` */
export function describe(progress: BackfillProgress): string {
  const { rowsDone, total, chunksDone, chunks, rowsThisRun, elapsedMs } = progress;
  const percent = total > 0 ? Math.min(100, Math.floor((rowsDone / total) * 100)) : 100;
  const rate = elapsedMs > 0 ? (rowsThisRun / elapsedMs) * 1000 : 0;
  const remaining = Math.max(0, total - rowsDone);
  const eta = rate > 0 ? formatDuration(Math.round((remaining / rate) * 1000)) : '?';
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  return `${String(percent).padStart(3)}% ${n(rowsDone)}/${n(total)} rows  chunk ${chunksDone}/${chunks}  ${n(rate)} rows/s  ETA ${remaining === 0 ? '0 s' : eta}`;
}
