import v8 from 'node:v8';

/** How far past what the last full collection found alive V8 may let the heap grow, in percent. */
export const heapGrowingPercent = 50;

/**
 * Caps V8's heap growth for the CLI's process (decision 0047). Left alone, V8 lets the heap
 * grow to up to four times what its last full collection found alive; a run's live data is
 * bounded by the batch budget (0042), but a collection that meets more than usual alive (a
 * batch in flight, or garbage the concurrent marker did not get to on a busy machine) then
 * sets a limit of several hundred MB for the rest of the run. A flag read at each collection,
 * so setting it once the process runs takes effect. A process started with its own
 * `--heap-growing-percent` (command line or NODE_OPTIONS) keeps it. Returns whether it set it.
 */
export function limitHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): boolean {
  if ([...execArgv, nodeOptions].some((flag) => /heap[-_]growing[-_]percent/.test(flag))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
  return true;
}
