import type { Row } from '../core/row.js';
import type { StateStore } from '../store/state-store.js';
import type { CompiledFlow } from './compiled-flow.js';
import { keyText } from './key-text.js';
import { mapWithoutWriting } from './map-without-writing.js';
import type { RecordFailure } from './process-batch.js';
import type { FlowEndpoints } from './run-flow.js';
import { sameValue } from './same-value.js';
import { fitFlow } from './target-limits/fit-flow.js';

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface DryRunReport {
  readonly flow: string;
  readonly read: number;
  readonly inserts: number;
  readonly updates: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** False when the target cannot look rows up by key: then every valid record counts as an insert. */
  readonly compared: boolean;
  readonly sampleUpdates: readonly {
    readonly key: readonly unknown[];
    readonly changes: readonly FieldChange[];
  }[];
  readonly sampleInserts: readonly Row[];
  readonly sampleRejected: readonly (RecordFailure & { readonly key: readonly unknown[] })[];
}

export interface DryRunOptions {
  readonly flow: CompiledFlow;
  readonly endpoints: FlowEndpoints;
  readonly store: StateStore;
  readonly signal?: AbortSignal;
  /** How many examples of each outcome to keep (default 5). */
  readonly sample?: number;
}

/**
 * What a run would do, without writing anything or moving the checkpoint: reads from the
 * checkpoint, maps and validates, and compares each valid record with the target's current
 * row for its key — insert, update (field by field), unchanged, or rejected.
 */
export async function dryRunFlow(options: DryRunOptions): Promise<DryRunReport> {
  const { flow } = options;
  const sample = options.sample ?? 5;
  const signal = options.signal ?? new AbortController().signal;
  const checkpoint = await options.store.loadCheckpoint(flow.name);
  const source = await options.endpoints.openSource();
  const target = await options.endpoints.openTarget(checkpoint?.target);
  const report = {
    flow: flow.name,
    read: 0,
    inserts: 0,
    updates: 0,
    unchanged: 0,
    rejected: 0,
    compared: target.readByKeys !== undefined && flow.target.key.length > 0,
    sampleUpdates: [] as { key: unknown[]; changes: FieldChange[] }[],
    sampleInserts: [] as Row[],
    sampleRejected: [] as (RecordFailure & { key: unknown[] })[],
  };
  const key = flow.target.key;
  try {
    const fittedFlow = await fitFlow(flow, target);
    const from = checkpoint?.source ?? undefined;
    for await (const batch of source.read(from === null ? undefined : from, signal)) {
      // Records the source could not read (a bad JSON line) would be dead letters in a run.
      const unreadable = batch.rejected?.length ?? 0;
      report.read += batch.rows.length + unreadable;
      report.rejected += unreadable;
      const { mapped, failures } = await mapWithoutWriting(batch.rows, fittedFlow, signal);
      report.rejected += failures.length;
      for (const failure of failures) {
        if (report.sampleRejected.length >= sample) break;
        const row = batch.rows[failure.index] ?? {};
        report.sampleRejected.push({ ...failure, key: flow.source.key.map((column) => row[column]) });
      }
      const current = report.compared && target.readByKeys ? await target.readByKeys(mapped, key) : [];
      const byKey = new Map(current.map((row) => [keyText(row, key), row]));
      for (const row of mapped) {
        const existing = byKey.get(keyText(row, key));
        if (!existing) {
          report.inserts++;
          if (report.sampleInserts.length < sample) report.sampleInserts.push(row);
          continue;
        }
        const changes = Object.keys(row)
          .filter((field) => !sameValue(existing[field], row[field]))
          .map((field) => ({ field, before: existing[field], after: row[field] }));
        if (changes.length === 0) {
          report.unchanged++;
        } else {
          report.updates++;
          if (report.sampleUpdates.length < sample) {
            report.sampleUpdates.push({ key: key.map((column) => row[column]), changes });
          }
        }
      }
    }
  } finally {
    await source.close();
    await target.close();
  }
  return report;
}
