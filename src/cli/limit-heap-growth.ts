import v8 from 'node:v8';
import { CliExit, exitCode } from './exit-code.js';

/** How far past what the last full collection found alive V8 may let the heap grow, in percent. */
export const defaultHeapGrowingPercent = 100;

/**
 * Caps V8's heap growth for the CLI's process (decision 0047). Left alone, V8 lets the heap
 * grow to up to four times what its last full collection found alive; a run's live data is
 * bounded by the batch budget (0042), but a collection that meets more than usual alive (a
 * batch in flight, or garbage the concurrent marker did not get to on a busy machine) then
 * sets a limit of several hundred MB for the rest of the run. V8 reads the flag at each
 * collection, so setting it once the process runs takes effect. SYNCLINE_HEAP_GROWING_PERCENT
 * chooses another value (0 leaves V8's own growth); Node refuses the flag in NODE_OPTIONS, and
 * a process started with it on the command line keeps it. Returns the percent set, if any.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  env: Readonly<Record<string, string | undefined>> = process.env,
): number | undefined {
  if (execArgv.some((flag) => /^--heap[-_]growing[-_]percent\b/.test(flag))) return undefined;
  const asked = env.SYNCLINE_HEAP_GROWING_PERCENT?.trim() || undefined;
  const percent = asked === undefined ? defaultHeapGrowingPercent : Number(asked);
  if (!Number.isInteger(percent) || percent < 0) {
    throw new CliExit(
      exitCode.usage,
      `SYNCLINE_HEAP_GROWING_PERCENT must be a whole number of percent, not "${asked}": ${defaultHeapGrowingPercent} is the default, 0 leaves V8's own heap growth`,
    );
  }
  if (percent === 0) return undefined;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
