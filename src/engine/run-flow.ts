import type { Source, Target } from '../core/connector.js';
import { IntegrationError, toIntegrationError } from '../core/integration-error.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { type JsonValue, type Row, rowCount } from '../core/row.js';
import type { RunRecord, RunTrigger, StateStore } from '../store/state-store.js';
import { type BudgetedBatch, defaultMaxBatchBytes } from './budget-batches.js';
import type { CompiledFlow } from './compiled-flow.js';
import { planCopyTextLane } from './copy-text-lane.js';
import { deadLetterFor } from './dead-letter-for.js';
import { invalidRateGuard } from './invalid-rate-guard.js';
import { keepJournal } from './keep-journal.js';
import { mirrorDeletions } from './mirror-deletions.js';
import type { BatchOutcome } from './process-batch.js';
import { processInSlices } from './process-in-slices.js';
import { eachBatch, readWithinBudget } from './read-within-budget.js';
import { areBatchesRepeatable } from './repeatable-batches.js';
import { retryRejected } from './retry-rejected.js';
import { createSystemGuards, type SystemGuards } from './system-guards.js';
import { fittedWith, targetFitter } from './target-limits/fit-flow.js';
import { laneWrites, writesOverlap } from './write-through-lane.js';
import { type RetryEvents, type Sleep, timerSleep } from './write-with-retry.js';
import { writtenKeys } from './written-keys.js';

/** Opens a flow's endpoints; the target gets the position saved with the last checkpoint. */
export interface FlowEndpoints {
  /** `batchSize`: rows per batch when not the flow's (the memory budget reopens with fewer). */
  openSource(batchSize?: number): Promise<Source>;
  openTarget(resume: JsonValue | undefined): Promise<Target>;
}

export interface RunFlowOptions {
  readonly flow: CompiledFlow;
  readonly endpoints: FlowEndpoints;
  readonly store: StateStore;
  readonly trigger?: RunTrigger;
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  /** Rate limits and circuit breakers per system; share one across the flows of a process. */
  readonly guards?: SystemGuards;
  /** Called after each batch is durable, with the run's totals so far. */
  readonly onProgress?: (run: RunRecord) => void;
}

/**
 * Runs one flow from its checkpoint to the end of what the source has now:
 * read a batch -> map and validate -> write -> dead-letter what failed -> commit dead letters
 * and checkpoint together. The checkpoint never moves before the rows it covers are written
 * and their failures stored, so a crash repeats at most one batch, which keyed writes absorb.
 *
 * Long on purpose: every step shares the run's state (its record, checkpoint, guards, lane and
 * the batch in flight), and the order of those steps is the crash-safety argument, which reads
 * best in one place. What stands alone lives beside it: the lane's writes (write-through-lane),
 * the read budget (read-within-budget), slices (process-in-slices), dead letters (dead-letter-for).
 */
export async function runFlow(options: RunFlowOptions): Promise<RunRecord> {
  const { flow, store, endpoints } = options;
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const signal = options.signal ?? new AbortController().signal;
  const logger = options.logger ?? silentLogger;
  let run = await store.startRun(flow.name, options.trigger ?? 'manual', now());
  let source: Source | undefined;
  let target: Target | undefined;

  try {
    const checkpoint = await store.loadCheckpoint(flow.name);
    source = await endpoints.openSource();
    target = await endpoints.openTarget(checkpoint?.target);
    const fitter = await targetFitter(flow, target);
    const fittedFlow = fittedWith(flow, fitter);
    const ahead = target.checkpointAhead?.();
    if (ahead !== undefined) {
      logger.warn(
        'resuming from the checkpoint the target committed with its last batch; the state store missed it',
        {
          flow: flow.name,
        },
      );
    }
    const from = ahead ?? checkpoint?.source ?? undefined;
    logger.info('run started', { flow: flow.name, run: run.id, resumeFrom: from ?? null });

    const guards = options.guards ?? createSystemGuards();
    const sourceGuard = guards(flow.source.system, flow.source.limits);
    const targetGuard = guards(flow.target.system, flow.target.limits);
    const sleep = options.sleep ?? timerSleep;
    const invalid = invalidRateGuard(flow);
    const journal =
      flow.spec.rollback === 'journal' ? await keepJournal(flow, target, store, run.id, now) : undefined;
    const mirror = flow.target.mode === 'mirror' ? mirrorDeletions(flow) : undefined;
    const beforeWrite = mirror
      ? async (rows: readonly Row[]) => {
          mirror.note(rows);
          await journal?.(rows);
        }
      : journal;
    // The COPY text lane (0049): batches travel as text when nothing in them needs rows.
    const planLane = (opened: Source, open: Target) =>
      journal === undefined && mirror === undefined
        ? planCopyTextLane(flow, opened, open, fitter)
        : { reason: 'the run keeps a journal or mirrors deletions' };
    const plan = planLane(source, target);
    let lane = 'lane' in plan ? plan.lane : undefined;
    /** Batches written through the lane, and batches it sent to the row path. */
    const laneBatches = { lane: 0, rows: 0 };
    logger.info(lane ? 'batches go through the COPY text lane' : 'batches go through the row path', {
      flow: flow.name,
      ...(lane
        ? {
            format: lane.format,
            verbatim: lane.verbatim,
            byValue: lane.byValue,
            overlappingWrites: writesOverlap(flow, lane, source),
          }
        : { reason: 'reason' in plan ? plan.reason : '' }),
    });
    /** What retries and circuit changes of the target's writes tell the log. */
    const retryEvents: RetryEvents = {
      onRetry: (attempt, error, delayMs) =>
        logger.warn('write failed, retrying', { flow: flow.name, attempt, delayMs, error: error.message }),
      onCircuit: (system, state, detail) =>
        logger.warn(`circuit ${state}`, { flow: flow.name, system, detail }),
    };
    const throughLane = laneWrites({
      flow,
      signal,
      sleep,
      events: retryEvents,
      guard: targetGuard,
      admit: invalid,
    });
    // A source rate limit paces each request, so those reads are not requested ahead.
    const prefetch = source.readAhead === true && sourceGuard.limiter === undefined;
    const maxBytes = flow.maxBatchBytes ?? defaultMaxBatchBytes;
    const batches = readWithinBudget({
      source,
      from: from === null ? undefined : from,
      signal,
      batchSize: flow.batchSize,
      maxBytes,
      prefetch,
      // The lane maps each batch as it is read: with read-ahead, batch n+1 is mapped while
      // batch n is being written, instead of after it.
      read: lane
        ? (opened, at, stop) =>
            eachBatch((opened.copyText ?? opened).read(at, stop, lane?.format), (batch) => {
              if (lane) throughLane.mapAhead(lane, batch);
            })
        : undefined,
      reopen: source.readAhead === true ? (batchSize) => endpoints.openSource(batchSize) : undefined,
      onReopen: (reopened) => {
        source = reopened;
        const again = lane && planLane(reopened, lane.target);
        lane = again && 'lane' in again ? again.lane : undefined;
      },
      logger,
      flow: flow.name,
    });
    // `target` is set by now, though a closure cannot tell; `source` may yet be reopened.
    const flowTarget = target;
    let isSliceNoted = false;
    const reading = batches[Symbol.asyncIterator]();
    /**
     * Sees a batch through to its commit after its lane write (undefined: not written by the
     * lane, so the row path writes it now).
     */
    const finishBatch = async (
      weighed: BudgetedBatch,
      laneWrite: BatchOutcome | undefined,
    ): Promise<void> => {
      const { batch } = weighed;
      if (lane && laneWrite) laneBatches.lane++;
      else if (lane) laneBatches.rows++;
      const outcome: BatchOutcome = laneWrite
        ? laneWrite
        : await processInSlices(batch.rows, weighed.sliceRows, {
            flow: fittedFlow,
            target: flowTarget,
            signal,
            sleep,
            admit: invalid,
            beforeWrite,
            checkpoint: batch.rejected?.length ? undefined : batch.checkpoint,
            guard: targetGuard,
            ...retryEvents,
          });
      const rejected = batch.rejected ?? [];
      mirror?.noteUnkeyed(rejected.length + outcome.failures.filter((f) => f.stage !== 'write').length);
      for (const warning of batch.warnings ?? []) logger.warn(warning, { flow: flow.name });
      const deadLetters = [
        ...rejected.map(({ record, issue }) =>
          deadLetterFor(flow, run.id, record, {
            stage: issue.stage ?? 'read',
            code: issue.code,
            message: issue.message,
            field: issue.path || undefined,
          }),
        ),
        ...outcome.failures.map((failure) =>
          deadLetterFor(flow, run.id, batch.rows[failure.index] ?? {}, failure),
        ),
      ];
      await store.commitBatch({
        flow: flow.name,
        runId: run.id,
        at: now(),
        checkpoint: { source: batch.checkpoint, target: flowTarget.position?.() },
        deadLetters,
        repeatable: source !== undefined && areBatchesRepeatable(flow, source, flowTarget),
        // Asked for only when the flow has open dead letters: a lane batch's rows stay text.
        written: () => writtenKeys(flow, batch.rows, outcome.failures),
        counts: {
          read: rowCount(batch) + rejected.length,
          written: outcome.written,
          deadLettered: deadLetters.length,
          warnings: outcome.warnings,
        },
      });
      // Only now may a source let go of the batch: ack queue messages, archive files (0009, 0012).
      await source?.acknowledge?.(batch.checkpoint);
      // Nothing reads the batch's lines again: their buffers may take the next batches (0050).
      batch.copyText?.release?.();
      run = {
        ...run,
        read: run.read + rowCount(batch) + rejected.length,
        written: run.written + outcome.written,
        deadLettered: run.deadLettered + deadLetters.length,
        warnings: run.warnings + outcome.warnings,
      };
      options.onProgress?.(run);
    };
    /**
     * The lane batch whose write may still run while the next one's starts (0051), as the
     * promise of its commit; undefined when nothing is in flight. Commits stay in read order.
     */
    let inFlight: Promise<void> | undefined;
    /** Takes the next batch and starts it on its way to its commit; false once the read is done. */
    const runNextBatch = async (): Promise<boolean> => {
      const next = await reading.next();
      if (next.done === true) return false;
      const weighed = next.value;
      const { batch } = weighed;
      if (weighed.isOverBudget && !isSliceNoted) {
        isSliceNoted = true;
        logger.info('a batch is larger than maxBatchBytes: it is written in slices', {
          flow: flow.name,
          rows: rowCount(batch),
          estimatedBytes: weighed.bytes,
          maxBatchBytes: maxBytes,
          sliceRows: weighed.sliceRows,
        });
      }
      const prior = inFlight;
      inFlight = undefined;
      if (writesOverlap(flow, lane, source) && batch.copyText !== undefined) {
        // This batch's write starts now, its commit waits for the one before.
        const writing = throughLane.write(lane, batch, batch.copyText);
        const committed = (async () => {
          const [before, written] = await Promise.allSettled([prior, writing]);
          if (before.status === 'rejected') throw before.reason;
          if (written.status === 'rejected') throw written.reason;
          await finishBatch(weighed, written.value);
        })();
        // Awaited below or by the next batch; a failure is reported there, not as unhandled.
        committed.catch(() => undefined);
        inFlight = committed;
        // At most two batches in flight: the one before must be committed before reading on.
        await prior;
        return true;
      }
      await prior;
      await finishBatch(
        weighed,
        lane && batch.copyText ? await throughLane.write(lane, batch, batch.copyText) : undefined,
      );
      return true;
    };
    // One call per batch, so the batch lives only in that call's frame. A `for await` here
    // would keep it in runFlow's own frame, which lives for the whole run, and once V8 has
    // optimised that frame, a stale register in it pins an old batch until the end (0047).
    let isRead = false;
    try {
      while (await runNextBatch()) {
        // Pulling the next batch is the next request to the source: it waits for its rate limit.
        await sourceGuard.limiter?.take(signal, sleep);
      }
      await inFlight;
      isRead = true;
    } finally {
      if (!isRead) {
        // Stopped by an error: let a write still running end before the target closes, and
        // the source release what it holds, as `for await` would.
        await inFlight?.catch(() => undefined);
        await reading.return?.().catch(() => undefined);
      }
    }

    const retried = await retryRejected({
      flow: fittedFlow,
      target,
      store,
      runId: run.id,
      signal,
      sleep,
      now,
      guard: targetGuard,
      beforeWrite,
    });
    run = { ...run, read: run.read + retried.read, written: run.written + retried.written };
    if (mirror) {
      const context = {
        target,
        store,
        runId: run.id,
        signal,
        sleep,
        now,
        logger,
        guard: targetGuard,
        journal,
      };
      const deleted = await mirror.finish({ ...context, resumed: from !== undefined && from !== null });
      run = { ...run, written: run.written + deleted };
    }

    if (!source.incremental) {
      // A full read starts over next run; the target's position still guards its next writes.
      await store.saveCheckpoint(flow.name, { source: null, target: target.position?.() }, now(), run.id);
    }
    run = await store.finishRun(run.id, 'succeeded', now());
    logger.info('run finished', {
      flow: flow.name,
      run: run.id,
      read: run.read,
      written: run.written,
      ...('lane' in plan ? { copyTextBatches: laneBatches.lane, rowPathBatches: laneBatches.rows } : {}),
    });
  } catch (thrown) {
    const status = signal.aborted ? 'interrupted' : 'failed';
    const error = signal.aborted
      ? new IntegrationError(
          'stopped before the end; everything up to the last saved checkpoint is written',
          {
            kind: 'transient',
            code: 'interrupted',
            hint: 'run the flow again to continue from its checkpoint',
          },
        )
      : toIntegrationError(thrown, { kind: 'fatal', code: 'run-failed' });
    run = await store.finishRun(run.id, status, now(), {
      kind: error.kind,
      code: error.code,
      stage: error.stage,
      message: error.message,
      hint: error.hint,
    });
    logger.error('run failed', { flow: flow.name, run: run.id, code: error.code, error: error.message });
  } finally {
    await closeQuietly(source, target, logger);
  }
  return run;
}

async function closeQuietly(
  source: Source | undefined,
  target: Target | undefined,
  logger: Logger,
): Promise<void> {
  for (const endpoint of [source, target]) {
    try {
      await endpoint?.close();
    } catch (error) {
      logger.warn('closing a connection failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
