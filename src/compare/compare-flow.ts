import type { Source } from '../core/connector.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Row } from '../core/row.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { mapWithoutWriting } from '../engine/map-without-writing.js';
import type { FlowEndpoints } from '../engine/run-flow.js';
import { fitFlow } from '../engine/target-limits/fit-flow.js';
import { isMissing } from '../mapping/is-missing.js';
import type { CompareDifference, CompareOutcome, CompareReject, FieldDifference } from './compare-result.js';
import { type CompareSides, openCompareSides } from './compare-sides.js';
import { sameWithinTolerance } from './same-within-tolerance.js';
import { describeTolerance, type ToleranceOf } from './tolerance.js';

export interface CompareOptions {
  readonly flow: CompiledFlow;
  /** The flow's source and target; the target is only opened to fit values to its columns. */
  readonly endpoints: FlowEndpoints;
  /** The old process's output, read in full. */
  readonly openBaseline: () => Promise<Source>;
  /** SYSTEM.TABLE of the baseline, for the report. */
  readonly baseline: string;
  /** Columns matching baseline rows to the new output. */
  readonly key: readonly string[];
  readonly tolerance: ToleranceOf;
  readonly now: () => Date;
  readonly signal?: AbortSignal | undefined;
  /** Every difference, in key order, as it is found (the CSV of differences). */
  readonly onDifference?: ((difference: CompareDifference) => void) | undefined;
  /** How many differences and rejects the outcome keeps (default 1000). */
  readonly keep?: number | undefined;
  /** Where the temporary file of both sides goes (default: the OS temp folder). */
  readonly tempDir?: string | undefined;
}

/**
 * The parallel run: the flow's mapping over its whole source, without writing, matched by key
 * against what the old process produced. Both sides are spilled to a temporary SQLite file
 * (see openCompareSides), so memory stays that of one batch plus the kept examples.
 */
export async function compareFlow(options: CompareOptions): Promise<CompareOutcome> {
  const { flow, key } = options;
  const keep = options.keep ?? 1000;
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = options.now().toISOString();
  const sides = openCompareSides(key, options.tempDir);
  try {
    const fresh = await readOutput(options, sides, signal, keep);
    const baseline = await readBaseline(options, sides, signal);
    const fields = { output: new Set<string>(), baseline: new Set<string>(), compared: new Set<string>() };
    const fieldDifferences: Record<string, number> = {};
    const counts = { matched: 0, differing: 0, missing: 0, extra: 0 };
    const differences: CompareDifference[] = [];
    const report = (difference: CompareDifference) => {
      options.onDifference?.(difference);
      if (differences.length < keep) differences.push(difference);
    };
    for (const pair of sides.pairs()) {
      if (pair.fresh) for (const field of Object.keys(pair.fresh)) fields.output.add(field);
      if (pair.baseline) for (const field of Object.keys(pair.baseline)) fields.baseline.add(field);
      const row = pair.fresh ?? pair.baseline ?? {};
      const keyValues = key.map((column) => row[column]);
      if (!pair.fresh || !pair.baseline) {
        const kind = pair.fresh ? 'missing' : 'extra';
        counts[kind]++;
        report({ kind, key: keyValues, fields: [], row });
        continue;
      }
      const differing: FieldDifference[] = [];
      for (const field of Object.keys(pair.fresh)) {
        if (key.includes(field) || !(field in pair.baseline)) continue;
        const tolerance = options.tolerance(field);
        if (!tolerance) continue;
        fields.compared.add(field);
        const [a, b] = [pair.fresh[field], pair.baseline[field]];
        if (!sameWithinTolerance(a, b, tolerance)) differing.push({ field, fresh: a, baseline: b });
      }
      if (differing.length === 0) {
        counts.matched++;
        continue;
      }
      counts.differing++;
      for (const { field } of differing) fieldDifferences[field] = (fieldDifferences[field] ?? 0) + 1;
      report({ kind: 'differs', key: keyValues, fields: differing });
    }
    const tolerances: Record<string, string> = {};
    for (const field of [...fields.output].filter((f) => fields.baseline.has(f) && !key.includes(f))) {
      const tolerance = options.tolerance(field);
      const described = tolerance ? describeTolerance(tolerance) : 'ignored';
      if (described !== 'exact') tolerances[field] = described;
    }
    return {
      summary: {
        flow: flow.name,
        baseline: options.baseline,
        key,
        startedAt,
        finishedAt: options.now().toISOString(),
        read: fresh.read,
        output: fresh.output,
        rejected: fresh.rejected,
        baselineRows: baseline.rows,
        baselineWithoutKey: baseline.withoutKey,
        duplicates: { output: fresh.duplicates, baseline: baseline.duplicates },
        ...counts,
        fieldDifferences,
        onlyInOutput: [...fields.output].filter((f) => !fields.baseline.has(f)),
        onlyInBaseline: [...fields.baseline].filter((f) => !fields.output.has(f)),
        tolerances,
        clean: counts.differing + counts.missing + counts.extra === 0,
      },
      differences,
      rejects: fresh.rejects,
    };
  } finally {
    sides.close();
  }
}

/** The new flow's output (fitted to the target as a run would), and what it rejects. */
async function readOutput(options: CompareOptions, sides: CompareSides, signal: AbortSignal, keep: number) {
  const flow: CompiledFlow = { ...options.flow, map: options.flow.freshMap() };
  const target = await options.endpoints.openTarget(undefined);
  let fitted: CompiledFlow;
  try {
    fitted = await fitFlow(flow, target);
  } finally {
    await target.close();
  }
  const source = await options.endpoints.openSource();
  const result = { read: 0, output: 0, rejected: 0, duplicates: 0, rejects: [] as CompareReject[] };
  const reject = (entry: CompareReject) => {
    result.rejected++;
    if (result.rejects.length < keep) result.rejects.push(entry);
  };
  try {
    // A full read: the compare covers every record, whatever the flow's checkpoint says.
    for await (const batch of source.read(undefined, signal)) {
      result.read += batch.rows.length + (batch.rejected?.length ?? 0);
      for (const unreadable of batch.rejected ?? [])
        reject({ key: [], stage: 'read', code: unreadable.issue.code, message: unreadable.issue.message });
      const { mapped, failures } = await mapWithoutWriting(batch.rows, fitted, signal);
      const first = mapped[0];
      if (result.output === 0 && first) checkKeyColumns(first, options, `the output of flow ${flow.name}`);
      for (const failure of failures) {
        const row = batch.rows[failure.index] ?? {};
        reject({ ...failure, key: flow.source.key.map((column) => row[column]) });
      }
      result.output += mapped.length;
      result.duplicates += sides.add('fresh', mapped);
    }
  } finally {
    await source.close();
  }
  return result;
}

async function readBaseline(options: CompareOptions, sides: CompareSides, signal: AbortSignal) {
  const source = await options.openBaseline();
  const result = { rows: 0, withoutKey: 0, duplicates: 0 };
  try {
    for await (const batch of source.read(undefined, signal)) {
      const first = batch.rows[0];
      if (result.rows === 0 && first) checkKeyColumns(first, options, `baseline ${options.baseline}`);
      result.rows += batch.rows.length;
      const keyed = batch.rows.filter((row) => !options.key.some((column) => isMissing(row[column])));
      result.withoutKey += batch.rows.length - keyed.length;
      result.duplicates += sides.add('baseline', keyed);
    }
  } finally {
    await source.close();
  }
  return result;
}

function checkKeyColumns(row: Row, options: CompareOptions, side: string): void {
  const absent = options.key.filter((column) => !(column in row));
  if (absent.length === 0) return;
  throw new IntegrationError(
    `${side} has no column ${absent.join(', ')} to match records by (its columns: ${Object.keys(row).join(', ')})`,
    {
      kind: 'config',
      code: 'compare-key-missing',
      hint: `give the matching column(s) with --key, or as flows.${options.flow.name}.compare.key`,
    },
  );
}
