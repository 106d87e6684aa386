import { decodePayload } from '../core/encode-payload.js';
import { IntegrationError, toIntegrationError } from '../core/integration-error.js';
import type { DeadLetter, RunRecord, StateStore } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';
import { processBatch } from './process-batch.js';
import type { FlowEndpoints } from './run-flow.js';
import { fitFlow } from './target-limits/fit-flow.js';
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
 * open with one more attempt and its new reason. Both are stored in the same transaction as
 * the target's new position, so a crash can neither lose a replayed record nor replay it twice.
 */
export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayResult> {
  const { flow, store } = options;
  const now = () => (options.clock ?? (() => new Date()))().toISOString();
  const signal = options.signal ?? new AbortController().signal;
  const replayed: string[] = [];
  const failedAgain: string[] = [];
  let run = await store.startRun(flow.name, 'replay', now());
  let target: Awaited<ReturnType<FlowEndpoints['openTarget']>> | undefined;
  try {
    const wrongFlow = options.deadLetters.find(
      (letter) => letter.flow !== flow.name || letter.status !== 'open',
    );
    if (wrongFlow) {
      throw new IntegrationError(
        `dead letter ${wrongFlow.id} is not an open dead letter of flow ${flow.name}`,
        {
          kind: 'fatal',
          code: 'replay-mismatch',
        },
      );
    }
    const checkpoint = await store.loadCheckpoint(flow.name);
    target = await options.endpoints.openTarget(checkpoint?.target);
    const fittedFlow = await fitFlow(flow, target);
    for (let start = 0; start < options.deadLetters.length; start += flow.batchSize) {
      const letters = options.deadLetters.slice(start, start + flow.batchSize);
      const rows = letters.map((letter) => decodePayload(letter.payload));
      const outcome = await processBatch(rows, {
        flow: fittedFlow,
        target,
        signal,
        sleep: options.sleep ?? timerSleep,
      });
      const failures = outcome.failures.flatMap((failure) => {
        const letter = letters[failure.index];
        return letter ? [{ id: letter.id, failure }] : [];
      });
      const failedIds = new Set(failures.map((f) => f.id));
      const succeeded = letters.map((letter) => letter.id).filter((id) => !failedIds.has(id));
      const position = target.position?.();
      await store.commitBatch({
        flow: flow.name,
        runId: run.id,
        at: now(),
        // Keep the target's position current, or the next run would cut the replayed rows off a file.
        checkpoint:
          position === undefined ? undefined : { source: checkpoint?.source ?? null, target: position },
        deadLetters: [],
        counts: { read: rows.length, written: outcome.written, deadLettered: 0, warnings: outcome.warnings },
        replayed: { ids: succeeded, resolution: `replayed by run ${run.id}` },
        failedAgain: failures,
      });
      replayed.push(...succeeded);
      failedAgain.push(...failedIds);
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

/**
 * Replays dead letters of several flows, one recorded run per flow. Dead letters of the read
 * stage (a line that is not JSON, a message that is not an object) are left open and returned
 * apart: what they hold is the raw input, not a record the mapping could take, so a replay
 * would only fail again (decision 0021). They are fixed at the source, then discarded.
 */
export async function replayByFlow(
  letters: readonly DeadLetter[],
  flows: ReadonlyMap<string, CompiledFlow>,
  connect: (flow: CompiledFlow) => FlowEndpoints,
  store: StateStore,
): Promise<{ results: ReplayResult[]; unknownFlows: string[]; unreadable: DeadLetter[] }> {
  const byFlow = new Map<string, DeadLetter[]>();
  const unreadable: DeadLetter[] = [];
  for (const letter of letters) {
    if (letter.stage === 'read') unreadable.push(letter);
    else byFlow.set(letter.flow, [...(byFlow.get(letter.flow) ?? []), letter]);
  }
  const results: ReplayResult[] = [];
  const unknownFlows: string[] = [];
  for (const [name, group] of byFlow) {
    const flow = flows.get(name);
    if (!flow) {
      unknownFlows.push(name);
      continue;
    }
    results.push(await replayDeadLetters({ flow, endpoints: connect(flow), store, deadLetters: group }));
  }
  return { results, unknownFlows, unreadable };
}
