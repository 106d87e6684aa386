import type { Target } from '../core/connector.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Issue } from '../core/issue.js';
import type { Checkpoint, Row } from '../core/row.js';
import type { Stage } from '../core/stage.js';
import { isMissing } from '../mapping/is-missing.js';
import type { CompiledFlow } from './compiled-flow.js';
import type { SystemGuard } from './system-guards.js';
import { type RetryEvents, type Sleep, writeWithRetry } from './write-with-retry.js';

/** A source record that was not written, and why. */
export interface RecordFailure {
  /** Index into the batch's source rows. */
  readonly index: number;
  readonly stage: Stage;
  readonly code: string;
  readonly message: string;
  readonly field?: string | undefined;
}

export interface BatchOutcome {
  readonly written: number;
  readonly warnings: number;
  readonly failures: readonly RecordFailure[];
}

export interface BatchContext {
  readonly flow: CompiledFlow;
  readonly target: Target;
  readonly signal: AbortSignal;
  readonly sleep: Sleep;
  readonly onRetry?: RetryEvents['onRetry'];
  readonly onCircuit?: RetryEvents['onCircuit'];
  /** The target system's rate limit and circuit breaker. */
  readonly guard?: SystemGuard | undefined;
  /** Called with the rows about to be written, after validation (the rollback journal). */
  readonly beforeWrite?: (rows: readonly Row[]) => Promise<void>;
  /** The source position after the batch, for a target that commits it with the rows. */
  readonly checkpoint?: Checkpoint | undefined;
  /** Sees the batch's invalid count before anything is written; throws to stop the run. */
  readonly admit?: (invalid: number, total: number, firstInvalid?: string) => void;
}

/**
 * Maps, validates and writes one batch. Every source row ends either written or as a
 * RecordFailure; the caller turns failures into dead letters. Throws when the whole batch
 * cannot be handled (target down after retries, a record with onInvalid: stop, `admit` refusing).
 */
export async function processBatch(rows: readonly Row[], context: BatchContext): Promise<BatchOutcome> {
  const { flow } = context;
  const ready: Row[] = [];
  const readyIndex: number[] = [];
  const failures: RecordFailure[] = [];
  let warnings = 0;

  rows.forEach((row, index) => {
    const outcome = flow.map(row);
    if (!outcome.ok) {
      if (outcome.stop) {
        throw new IntegrationError(
          `flow ${flow.name}: ${describeKey(row, flow.source.key, index)} is invalid and the flow says stop: ${describeIssues(outcome.issues)}`,
          {
            kind: 'config',
            code: 'invalid-record-stop',
            stage: 'validate',
            hint: 'fix the data or the mapping, then run again',
          },
        );
      }
      failures.push(failureFrom(index, outcome.issues));
      return;
    }
    warnings += outcome.warnings.length;
    const missing = flow.target.key.filter((column) => isMissing(outcome.row[column]));
    if (missing.length > 0) {
      failures.push({
        index,
        stage: 'validate',
        code: 'missing-key',
        field: missing[0],
        message: `target key ${missing.join(', ')} is empty, so the record cannot be matched in ${flow.target.system}`,
      });
      return;
    }
    ready.push(outcome.row);
    readyIndex.push(index);
  });

  const first = failures[0];
  context.admit?.(
    failures.length,
    rows.length,
    first && `${describeKey(rows[first.index] ?? {}, flow.source.key, first.index)}: ${first.message}`,
  );

  if (ready.length === 0) return { written: 0, warnings, failures };
  await context.beforeWrite?.(ready);
  const result = await writeWithRetry(
    context.target,
    {
      rows: ready,
      key: flow.target.key,
      mode: flow.target.mode,
      // A batch with failures must not move a target-side checkpoint: their dead letters are not durable yet.
      checkpoint: failures.length === 0 ? context.checkpoint : undefined,
    },
    flow.retry,
    context.signal,
    context.sleep,
    { onRetry: context.onRetry, onCircuit: context.onCircuit },
    context.guard,
  );
  for (const rejected of result.rejected) {
    failures.push({
      index: readyIndex[rejected.index] ?? -1,
      stage: 'write',
      code: rejected.issue.code,
      message: rejected.issue.message,
      field: rejected.issue.path || undefined,
    });
  }
  return { written: result.written, warnings, failures };
}

function failureFrom(index: number, issues: readonly Issue[]): RecordFailure {
  const first = issues[0];
  return {
    index,
    stage: first?.stage ?? 'map',
    code: first?.code ?? 'invalid',
    field: first?.path || undefined,
    message: describeIssues(issues),
  };
}

function describeIssues(issues: readonly Issue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

function describeKey(row: Row, key: readonly string[], index: number): string {
  if (key.length === 0) return `record #${index + 1} of its batch`;
  return `record ${key.map((column) => `${column}=${String(row[column])}`).join(', ')}`;
}
