import type { Source, Target } from '../core/connector.js';
import type { CompiledFlow } from './compiled-flow.js';

/**
 * Whether a run's batch commits may skip waiting for the disk (0054): a batch whose commit a
 * power cut loses is read and written again by the next run, so that repeat must change
 * nothing and lose nothing. True for upserts by key (a repeat writes the same rows again) from
 * a source that acknowledges nothing (a queue would have been told to drop what the lost
 * commit covered), into a target that keeps no position or checkpoint of its own (it would be
 * ahead of the store), in a run without a journal (a repeat would journal the run's own rows as
 * their before-images). Dead letters a lost commit held come back: the repeat fails them again.
 */
export function areBatchesRepeatable(
  flow: CompiledFlow,
  source: Source,
  target: Target,
  isJournaled: boolean,
): boolean {
  return (
    flow.target.mode === 'upsert' &&
    source.acknowledge === undefined &&
    target.position === undefined &&
    target.checkpointAhead === undefined &&
    !isJournaled
  );
}
