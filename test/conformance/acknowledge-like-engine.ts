import type { Source } from '../../src/core/connector.js';

/**
 * The suite reads sources without acknowledging; a queue source holds every unacknowledged
 * message and, with its prefetch bounded by the batch size, would stall after one batch. This
 * wrapper acknowledges a batch when the reader asks for the next one — after it handled the
 * batch, as the engine does after its commit.
 */
export function acknowledgeLikeEngine(source: Source): Source {
  return {
    incremental: source.incremental,
    async *read(from, signal) {
      for await (const batch of source.read(from, signal)) {
        yield batch;
        await source.acknowledge?.(batch.checkpoint);
      }
    },
    close: () => source.close(),
  };
}
