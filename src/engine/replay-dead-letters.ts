import { decodePayload } from '../core/encode-payload.js';
import { toIntegrationError } from '../core/integration-error.js';
import type { DeadLetter, RunRecord, StateStore } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';
import { processBatch } from './process-batch.js';
import type { FlowEndpoints } from './run-flow.js';
import { type Sleep, timerSleep } from './write-with-retry.js';

export interface ReplayOptions {
  readonly flow: CompiledFlow;
  readonly endpoints: FlowEndpoints;
  readonly store: StateStore;
  /** Open dead letters of this flow to replay. */
  readonly deadLetters: readonly DeadLetter[];
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
  readonly sleep?: Sleep;
}

export interface ReplayResult {
  readonly run: RunRecord;
  readonly replayed: readonly string[];
  readonly failedAgain: readonly string[];
}

/**
 * Sends dead letters through the flow's *current* mapping and target, as a recorded run.
 * A record that now succeeds is marked replayed (with the run); one that fails again stays
 * open with one more attempt and its new reason.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const { flow, store } = options;
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  const signal = options.signal ?? new AbortController().signal;
  const replayed: string[] = [];
  const failedAgain: string[] = [];
  let run = await store.startRun(flow.name, 'replay', now());
  const checkpoint = await store.loadCheckpoint(flow.name);
  let target: Awaited<ReturnType<FlowEndpoints['openTarget']>> | undefined;
  try {
    target = await options.endpoints.openTarget(checkpoint?.target);
    for (let start = 0; start < options.deadLetters.length; start += flow.batchSize) {
      const letters = options.deadLetters.slice(start, start + flow.batchSize);
      const rows = letters.map((letter) => decodePayload(letter.payload));
      const outcome = await processBatch(rows, { flow, target, signal, sleep: options.sleep ?? timerSleep });
      const failedIndexes = new Set<number>();
      for (const failure of outcome.failures) {
        const letter = letters[failure.index];
        if (!letter) continue;
        failedIndexes.add(failure.index);
        await store.retryFailed(letter.id, failure, now());
        failedAgain.push(letter.id);
      }
      const succeeded = letters.filter((_, index) => !failedIndexes.has(index)).map((letter) => letter.id);
      await store.resolveDeadLetters(succeeded, 'replayed', `replayed by run ${run.id}`, now());
      replayed.push(...succeeded);
      // Keep the target's position current, or the next run would cut the replayed rows off a file.
      const position = target.position?.();
      await store.commitBatch({
        flow: flow.name,
        runId: run.id,
        at: now(),
        checkpoint:
          position === undefined ? undefined : { source: checkpoint?.source ?? null, target: position },
        deadLetters: [],
        counts: { read: rows.length, written: outcome.written, deadLettered: 0, warnings: outcome.warnings },
      });
    }
    run = await store.finishRun(run.id, 'succeeded', now());
  } catch (thrown) {
    const error = toIntegrationError(thrown, { kind: 'fatal', code: 'replay-failed' });
    run = await store.finishRun(run.id, 'failed', now(), {
      kind: error.kind,
      code: error.code,
      stage: error.stage,
      message: error.message,
      hint: error.hint,
    });
  } finally {
    await target?.close();
  }
  return { run, replayed, failedAgain };
}
