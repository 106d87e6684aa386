/**
 * Batches with the next one already requested: while the engine maps and writes batch n, the
 * source fetches batch n+1, so the source's and the target's waits overlap instead of adding
 * up. Only for sources whose every request settles by itself (a bounded query): one that may
 * wait indefinitely for new data (a queue) would keep an early stop waiting too. Batches still
 * come out, and are committed, strictly in order; at most one extra batch is held in memory,
 * and none while the current one is over the memory budget: `mayReadAhead` says (0042).
 *
 * A plain iterator, not an async generator: a suspended generator may keep values of earlier
 * iterations alive in its registers, and here each would be a whole batch (0047).
 */
export function readAhead<T>(
  batches: AsyncIterable<T>,
  mayReadAhead: (current: T) => boolean = () => true,
): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: () => aheadOf(batches[Symbol.asyncIterator](), mayReadAhead) };
}

function aheadOf<T>(iterator: AsyncIterator<T>, mayReadAhead: (current: T) => boolean): AsyncIterator<T> {
  let pending: Promise<IteratorResult<T>> | undefined;
  let isFinished = false;
  /** Stopped early or failed: let the request ahead settle, then let the source release what it holds. */
  const release = async () => {
    if (isFinished) return;
    isFinished = true;
    const ahead = pending;
    pending = undefined;
    await ahead?.catch(() => undefined);
    await iterator.return?.();
  };
  return {
    async next(): Promise<IteratorResult<T>> {
      if (isFinished) return { done: true, value: undefined };
      let result: IteratorResult<T>;
      try {
        result = await (pending ?? iterator.next());
      } catch (error) {
        await release();
        throw error;
      }
      pending = undefined;
      if (result.done === true) {
        isFinished = true;
        return { done: true, value: undefined };
      }
      if (mayReadAhead(result.value)) {
        pending = iterator.next();
        // A failure of the request ahead surfaces when its turn comes, not as an unhandled rejection.
        pending.catch(() => {});
      }
      return { done: false, value: result.value };
    },
    async return(): Promise<IteratorResult<T>> {
      await release();
      return { done: true, value: undefined };
    },
  };
}
