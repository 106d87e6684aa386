/**
 * Decides, batch after batch, whether a target tries COPY straight into its table before
 * staging and merging (decision 0043). A COPY that meets a key already in the table fails and
 * costs a wasted pass, so after a failure the next batches go the staged way: 1, then 2, 4, …
 * up to 64 batches while failures go on, and none once a direct COPY succeeds again. A run
 * that loads an empty table copies every batch; one that mostly updates tries rarely.
 */
export interface DirectCopyGate {
  /** Whether this batch should try the direct COPY. */
  shouldTry(): boolean;
  succeeded(): void;
  failed(): void;
}

const longestWait = 64;

export function directCopyGate(): DirectCopyGate {
  let wait = 0;
  let skipped = 0;
  return {
    shouldTry() {
      if (skipped >= wait) return true;
      skipped++;
      return false;
    },
    succeeded() {
      wait = 0;
      skipped = 0;
    },
    failed() {
      wait = Math.min(Math.max(1, wait * 2), longestWait);
      skipped = 0;
    },
  };
}
