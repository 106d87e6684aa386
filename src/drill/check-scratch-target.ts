import { encodeValue } from '../core/encode-payload.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { FlowEndpoints } from '../engine/run-flow.js';
import type { StateStore } from '../store/state-store.js';
import { type Redeliver, redeliverSource } from './inject-failure.js';
import { targetKeyColumns } from './target-key-columns.js';

/** Every delivered source record either in the scratch target (once) or a dead letter. */
export interface ScratchCheck {
  /** Distinct source records delivered (after the scenario's redelivery). */
  readonly records: number;
  readonly inTarget: number;
  readonly deadLettered: number;
  /** Neither in the target nor a dead letter. */
  readonly lost: number;
  /** Target rows beyond the first with the same key. */
  readonly duplicated: number;
}

/**
 * The drill's independent check: reads the source again (through the same redelivery), maps
 * each record to its target key, and compares with the keys read from the scratch target by
 * plain SQL and with the dead letters the run stored, by key.
 */
export async function checkScratchTarget(options: {
  readonly flow: CompiledFlow;
  readonly endpoints: FlowEndpoints;
  readonly redeliver: Redeliver;
  readonly store: StateStore;
  readonly targetKeys: readonly (readonly unknown[])[];
  readonly signal: AbortSignal;
}): Promise<ScratchCheck> {
  const { flow, store } = options;
  const targetCounts = new Map<string, number>();
  for (const key of options.targetKeys) {
    const text = keyText(key);
    targetCounts.set(text, (targetCounts.get(text) ?? 0) + 1);
  }
  const dead = new Set<string>();
  for (const letter of await store.listDeadLetters({ flow: flow.name }))
    dead.add(JSON.stringify(letter.key ?? null));

  const map = flow.freshMap();
  const keyColumns = targetKeyColumns(flow);
  const seen = new Set<string>();
  let records = 0;
  let inTarget = 0;
  let deadLettered = 0;
  let lost = 0;
  const source = redeliverSource(await options.endpoints.openSource(), options.redeliver);
  try {
    for await (const batch of source.read(undefined, options.signal)) {
      for (const row of batch.rows) {
        const sourceKey = JSON.stringify(flow.source.key.map((column) => encodeValue(row[column])));
        if (seen.has(sourceKey)) continue;
        seen.add(sourceKey);
        records++;
        const mapped = map(row);
        const targetKey = mapped.ok ? keyText(keyColumns.map((column) => mapped.row[column])) : undefined;
        if (targetKey !== undefined && targetCounts.has(targetKey)) inTarget++;
        else if (dead.has(sourceKey)) deadLettered++;
        else lost++;
      }
    }
  } finally {
    await source.close();
  }
  let duplicated = 0;
  for (const count of targetCounts.values()) duplicated += count - 1;
  return { records, inTarget, deadLettered, lost, duplicated };
}

function keyText(values: readonly unknown[]): string {
  return values
    .map((value) => (value === null || value === undefined ? '\u0000' : String(value)))
    .join('\u0001');
}
