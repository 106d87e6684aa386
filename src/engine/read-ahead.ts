/**
 * Batches with the next one already requested: while the engine maps and writes batch n, the
 * source fetches batch n+1, so the source's and the target's waits overlap instead of adding
 * up. Only for sources whose every request settles by itself (a bounded query): one that may
 * wait indefinitely for new data (a queue) would keep an early stop waiting too. Batches still
 * come out, and are committed, strictly in order; at most one extra batch is held in memory,
 * and none while the current one is over the memory budget: `mayReadAhead` says (0042).
 */
export async function* readAhead<T>(
  batches: AsyncIterable<T>,
  mayReadAhead: (current: T) => boolean = () => true,
): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | undefined = iterator.next();
  let finished = false;
  try {
    while (true) {
      const result = await (pending ?? iterator.next());
      pending = undefined;
      if (result.done === true) {
        finished = true;
        return;
      }
      if (mayReadAhead(result.value)) {
        pending = iterator.next();
        // A failure of the request ahead surfaces when its turn comes, not as an unhandled rejection.
        pending.catch(() => {});
      }
      yield result.value;
    }
  } finally {
    if (!finished) {
      // Stopped early: let the request ahead settle, then let the source release what it holds.
      await pending?.catch(() => undefined);
      await iterator.return?.();
    }
  }
}
