import type { ColumnRange } from '../../core/column-range.js';
import type { Source, Target } from '../../core/connector.js';
import { decodePayload, encodeValue } from '../../core/encode-payload.js';
import { IntegrationError, toIntegrationError } from '../../core/integration-error.js';
import { type Logger, silentLogger } from '../../core/logger.js';
import type { JsonValue } from '../../core/row.js';
import type { BackfillChunk, BackfillRecord } from '../../store/backfill-store.js';
import type { RunRecord, StateStore } from '../../store/state-store.js';
import type { CompiledFlow } from '../compiled-flow.js';
import { invalidRateGuard } from '../invalid-rate-guard.js';
import { keepJournal } from '../keep-journal.js';
import { createRateLimiter } from '../rate-limiter.js';
import type { FlowEndpoints } from '../run-flow.js';
import { createSystemGuards, type SystemGuards } from '../system-guards.js';
import { fitFlow } from '../target-limits/fit-flow.js';
import { type Sleep, timerSleep } from '../write-with-retry.js';
import { type ChunkContext, moveChunk } from './move-chunk.js';
import { type BackfillSettings, planBackfill } from './plan-backfill.js';
import { skipNewer } from './skip-newer.js';

export interface BackfillOptions {
  readonly flow: CompiledFlow;
  readonly endpoints: FlowEndpoints;
  readonly store: StateStore;
  readonly settings: BackfillSettings;
  /** Abandon an unfinished backfill of the flow and plan a new one. */
  readonly restart?: boolean;
  readonly signal?: AbortSignal;
  readonly clock?: () => Date;
  readonly sleep?: Sleep;
  readonly logger?: Logger;
  readonly guards?: SystemGuards;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  readonly backfillId: string;
  readonly chunks: number;
  readonly chunksDone: number;
  /** Rows the plan counted. */
  readonly total: number;
  /** Rows read so far, earlier (interrupted) runs of this backfill included. */
  readonly rowsDone: number;
  /** Rows read by this run, and for how long it has run: the rate an ETA rests on. */
  readonly rowsThisRun: number;
  readonly elapsedMs: number;
}

export interface BackfillReport extends Omit<BackfillProgress, 'total'> {
  readonly run: RunRecord;
  readonly backfill?: BackfillRecord | undefined;
  readonly by?: 'key' | 'cursor' | undefined;
  readonly column?: string | undefined;
  readonly total: number;
  readonly resumed: boolean;
  readonly chunksThisRun: number;
  /** Over every finished chunk, earlier runs included. */
  readonly read: number;
  readonly written: number;
  readonly deadLettered: number;
  readonly skipped: number;
}

/**
 * Moves a flow's history beside its incremental runs: plans chunks up front (or resumes the
 * flow's unfinished backfill after its last finished chunk), then moves them, `parallel` at
 * a time, through the run pipeline (move-chunk.ts). The run is recorded with trigger
 * 'backfill'; the flow's checkpoint is never read or moved (decision 0027).
 */
export async function runBackfill(options: BackfillOptions): Promise<BackfillReport> {
  const { flow, store, settings } = options;
  const clock = options.clock ?? (() => new Date());
  const now = () => clock().toISOString();
  const signal = options.signal ?? new AbortController().signal;
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? timerSleep;
  const started = clock().getTime();
  requireKeyedWrites(flow);
  let run = await store.startRun(flow.name, 'backfill', now());
  let source: Source | undefined;
  let target: Target | undefined;
  let backfill: BackfillRecord | undefined;
  let chunks: BackfillChunk[] = [];
  let resumed = false;
  let rowsThisRun = 0;
  let chunksThisRun = 0;
  const progress = (): BackfillProgress => ({
    backfillId: backfill?.id ?? '',
    chunks: chunks.length,
    chunksDone: chunks.filter((chunk) => chunk.isDone).length,
    total: backfill?.total ?? 0,
    rowsDone: chunks.reduce((sum, chunk) => sum + chunk.read, 0),
    rowsThisRun,
    elapsedMs: clock().getTime() - started,
  });
  try {
    source = await options.endpoints.openSource();
    target = await options.endpoints.openTarget(undefined);
    const running = await store.backfills.findRunning(flow.name);
    if (running !== undefined && options.restart)
      await store.backfills.finish(running.id, 'abandoned', now());
    else if (running !== undefined) checkSameSettings(flow, running, settings);
    resumed = running !== undefined && !options.restart;
    if (resumed) backfill = running;
    else {
      const plan = await planBackfill(flow, source, settings, signal);
      backfill = await store.backfills.create(
        {
          flow: flow.name,
          plan: { by: plan.by, column: plan.column, ...describeSettings(settings) },
          total: plan.total,
          chunks: plan.chunks.map((ranges) => encodeValue(ranges)),
        },
        now(),
      );
    }
    const id = backfill?.id ?? '';
    chunks = [...(await store.backfills.chunks(id))];
    logger.info('backfill started', {
      flow: flow.name,
      run: run.id,
      backfill: id,
      resumed,
      chunks: chunks.length,
    });
    const fittedFlow = await fitFlow(flow, target);
    const guards = options.guards ?? createSystemGuards();
    const context: Omit<ChunkContext, 'signal'> = {
      flow: fittedFlow,
      source,
      target,
      store,
      runId: run.id,
      sleep,
      now,
      logger,
      admit: invalidRateGuard(flow),
      beforeWrite:
        flow.spec.rollback === 'journal' ? await keepJournal(flow, target, store, run.id, now) : undefined,
      sourceGuard: guards(flow.source.system, flow.source.limits),
      targetGuard: guards(flow.target.system, flow.target.limits),
      records: settings.rate === undefined ? undefined : createRateLimiter(settings.rate),
      skipNewer: skipNewer(fittedFlow, target),
      onBatch(counts) {
        rowsThisRun += counts.read;
        options.onProgress?.({ ...progress(), rowsDone: progress().rowsDone + inFlight() });
      },
    };
    // Rows of chunks under way count towards the progress; a chunk's stored counts only when done.
    const partial = new Map<number, number>();
    const inFlight = () => [...partial.values()].reduce((sum, rows) => sum + rows, 0);
    options.onProgress?.(progress());
    const queue = chunks.filter((chunk) => !chunk.isDone);
    const inner = new AbortController();
    const stop = () => inner.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    let failure: unknown;
    const worker = async (): Promise<void> => {
      for (let chunk = queue.shift(); chunk !== undefined && !inner.signal.aborted; chunk = queue.shift()) {
        const index = chunk.index;
        partial.set(index, 0);
        const counts = await moveChunk(decodeRanges(chunk.ranges), {
          ...context,
          signal: inner.signal,
          onBatch(batch) {
            partial.set(index, (partial.get(index) ?? 0) + batch.read);
            context.onBatch(batch);
          },
        });
        await store.backfills.finishChunk(id, index, run.id, counts, now());
        partial.delete(index);
        chunks[index] = { ...chunk, ...counts, isDone: true };
        chunksThisRun++;
        options.onProgress?.({ ...progress(), rowsDone: progress().rowsDone + inFlight() });
      }
    };
    const workers = Array.from({ length: Math.max(1, settings.parallel) }, () =>
      worker().catch((error: unknown) => {
        failure ??= error;
        inner.abort(error);
      }),
    );
    await Promise.all(workers);
    signal.removeEventListener('abort', stop);
    if (failure !== undefined) throw failure;
    if (signal.aborted) throw signal.reason;
    backfill = await store.backfills.finish(id, 'finished', now());
    run = await store.finishRun(run.id, 'succeeded', now());
    logger.info('backfill finished', { flow: flow.name, run: run.id, backfill: id, rows: rowsThisRun });
  } catch (thrown) {
    const error = signal.aborted
      ? new IntegrationError('backfill stopped; every finished chunk is written and kept', {
          kind: 'transient',
          code: 'interrupted',
          hint: 'run the same backfill command again to continue after the last finished chunk',
        })
      : toIntegrationError(thrown, { kind: 'fatal', code: 'backfill-failed' });
    run = await store.finishRun(run.id, signal.aborted ? 'interrupted' : 'failed', now(), {
      kind: error.kind,
      code: error.code,
      stage: error.stage,
      message: error.message,
      hint: error.hint,
    });
    logger.error('backfill failed', { flow: flow.name, run: run.id, code: error.code, error: error.message });
  } finally {
    for (const endpoint of [source, target]) await endpoint?.close().catch(() => {});
  }
  const done = chunks.filter((chunk) => chunk.isDone);
  const sum = (pick: (chunk: BackfillChunk) => number) =>
    done.reduce((total, chunk) => total + pick(chunk), 0);
  const plan = backfill?.plan as { by?: 'key' | 'cursor'; column?: string } | undefined;
  return {
    ...progress(),
    run,
    backfill,
    by: plan?.by,
    column: plan?.column,
    resumed,
    chunksThisRun,
    read: sum((chunk) => chunk.read),
    written: sum((chunk) => chunk.written),
    deadLettered: sum((chunk) => chunk.deadLettered),
    skipped: sum((chunk) => chunk.skipped),
  };
}

/** Only keyed writes make a chunk safe to move twice (after a crash) and history safe to merge. */
function requireKeyedWrites(flow: CompiledFlow): void {
  if (flow.target.mode === 'upsert' || flow.target.mode === 'update') return;
  throw new IntegrationError(
    `flow ${flow.name}: a backfill writes with the target's key, and the flow's mode is ${flow.target.mode}`,
    {
      kind: 'config',
      code: 'backfill-needs-upsert',
      hint: `set flows.${flow.name}.to.mode to upsert (or update), so a chunk moved again after a crash adds nothing twice`,
    },
  );
}

function describeSettings(settings: BackfillSettings): Record<string, JsonValue> {
  return { from: settings.from ?? null, to: settings.to ?? null, chunk: settings.chunk };
}

function checkSameSettings(flow: CompiledFlow, running: BackfillRecord, settings: BackfillSettings): void {
  const plan = (running.plan ?? {}) as Record<string, JsonValue>;
  const wanted = describeSettings(settings);
  const changed = Object.keys(wanted).filter((name) => plan[name] !== wanted[name]);
  if (changed.length === 0) return;
  const show = (values: Record<string, JsonValue>) =>
    changed.map((name) => `${name} ${JSON.stringify(values[name])}`).join(', ');
  throw new IntegrationError(
    `flow ${flow.name}: backfill ${running.id} (started ${running.startedAt}) is unfinished with ${show(plan)}; this one asks for ${show(wanted)}`,
    {
      kind: 'config',
      code: 'backfill-settings-changed',
      hint: 'run it with the same --from, --to and --chunk to resume it, or add --restart to abandon it and plan anew',
    },
  );
}

function decodeRanges(stored: JsonValue): readonly ColumnRange[] {
  const ranges = decodePayload({ ranges: stored }).ranges;
  return Array.isArray(ranges) ? (ranges as ColumnRange[]) : [];
}
