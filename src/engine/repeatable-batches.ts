import type { Source, Target } from '../core/connector.js';
import type { CompiledFlow } from './compiled-flow.js';

/**
 * Whether a repeat of a run's batches is harmless: then their commits need not wait for the
 * disk (0054) and the lane's upserts may overlap (0051). A batch whose commit is lost (a power
 * cut, a crash while the next write runs) is read and written again by the next run, so that
 * repeat must change nothing and lose nothing. True for upserts by key (a repeat writes the same
 * rows again) from a source that acknowledges nothing (a queue would have been told to drop what
 * the lost commit covered), into a target that keeps no position or checkpoint of its own (it
 * would be ahead of the store), in a flow without a journal (a repeat would journal the run's
 * own rows as their before-images). Dead letters a lost commit held come back: the repeat fails
 * them again.
 */
export function areBatchesRepeatable(flow: CompiledFlow, source: Source, target: Target): boolean {
  return (
    flow.target.mode === 'upsert' &&
    source.acknowledge === undefined &&
    target.position === undefined &&
    target.checkpointAhead === undefined &&
    flow.spec.rollback !== 'journal'
  );
}
