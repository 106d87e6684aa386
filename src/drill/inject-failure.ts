import type { Source, Target } from '../core/connector.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Batch, Row } from '../core/row.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { FlowEndpoints } from '../engine/run-flow.js';
import { type Sleep, timerSleep } from '../engine/write-with-retry.js';
import type { DrillScenario, DrillSettings } from './drill-scenario.js';

/** What a scenario does to the batches a source delivers: each batch becomes these batches. */
export type Redeliver = (batch: Batch) => readonly Batch[];

/** A scenario's failure: around the target's writes and/or the source's batches. */
export interface Injection {
  /** One line for the report: what was done to the flow. */
  readonly injected: string;
  /** A fresh redelivery for each read of the source (the drill's run, then its check). */
  readonly redeliver: () => Redeliver;
  readonly wrapTarget: (target: Target) => Target;
}

/** The injection of a scenario (crash and volume-spike's 1x baseline add nothing to the endpoints). */
export function injectFailure(
  scenario: DrillScenario,
  flow: CompiledFlow,
  settings: DrillSettings,
  sleep: Sleep = timerSleep,
): Injection {
  const plain: Injection = { injected: 'nothing', redeliver: () => (batch) => [batch], wrapTarget: (t) => t };
  switch (scenario) {
    case 'target-down':
      return {
        ...plain,
        injected: `every write fails (transient) for ${settings.downMs} ms, then recovers`,
        wrapTarget: downFor(settings.downMs),
      };
    case 'target-slow':
      return {
        ...plain,
        injected: `each write is delayed by ${settings.slowMs} ms`,
        wrapTarget: (target) =>
          withWrite(target, async (request, signal) => {
            await sleep(settings.slowMs, signal);
            return target.write(request, signal);
          }),
      };
    case 'invalid-data':
      return {
        ...plain,
        injected: `${Math.round(settings.invalidShare * 100)}% of source rows have their mapped fields blanked (null)`,
        redeliver: () => corrupt(flow, settings.invalidShare),
      };
    case 'volume-spike':
      return {
        ...plain,
        injected: `source rows delivered ${settings.spikeTimes}x, each copy with new keys`,
        redeliver: () => spike(flow, settings.spikeTimes),
      };
    case 'duplicate-delivery':
      return {
        ...plain,
        injected: 'each batch is delivered twice',
        redeliver: () => (batch) => [batch, batch],
      };
    case 'crash':
      return {
        ...plain,
        injected: 'the run is killed (SIGKILL) after its first durable batch, then resumed',
      };
  }
}

/** The flow's endpoints with the injection applied. */
export function injectedEndpoints(endpoints: FlowEndpoints, injection: Injection): FlowEndpoints {
  return {
    async openSource() {
      const source = await endpoints.openSource();
      return redeliverSource(source, injection.redeliver());
    },
    async openTarget(resume) {
      return injection.wrapTarget(await endpoints.openTarget(resume));
    },
  };
}

export function redeliverSource(source: Source, redeliver: Redeliver): Source {
  return {
    ...source,
    incremental: source.incremental,
    async *read(from, signal) {
      for await (const batch of source.read(from, signal)) yield* redeliver(batch);
    },
    acknowledge: source.acknowledge?.bind(source),
    close: () => source.close(),
  };
}

function downFor(ms: number): (target: Target) => Target {
  let since: number | undefined;
  return (target) =>
    withWrite(target, (request, signal) => {
      since ??= Date.now();
      if (Date.now() - since < ms) {
        return Promise.reject(
          new IntegrationError('drill: the target is down (injected)', {
            kind: 'transient',
            code: 'drill-target-down',
            stage: 'write',
          }),
        );
      }
      return target.write(request, signal);
    });
}

/** The target with another write; its other methods called on the target itself. */
export function withWrite(target: Target, write: Target['write']): Target {
  return {
    write,
    position: target.position?.bind(target),
    readByKeys: target.readByKeys?.bind(target),
    describe: target.describe?.bind(target),
    close: () => target.close(),
  };
}

/** Blanks every mapped source field but the source key in every n-th row. */
function corrupt(flow: CompiledFlow, share: number): Redeliver {
  const every = Math.max(1, Math.round(1 / Math.max(share, 0.0001)));
  const blank = flow.sourceFields.filter((field) => !flow.source.key.includes(field));
  let seen = 0;
  return (batch) => [
    {
      ...batch,
      rows: batch.rows.map((row) => {
        seen++;
        if (seen % every !== 0) return row;
        const out: Record<string, unknown> = { ...row };
        for (const field of blank.length > 0
          ? blank
          : Object.keys(row).filter((f) => !flow.source.key.includes(f)))
          out[field] = null;
        return out;
      }),
    },
  ];
}

/** The batch, then times-1 copies of it whose key fields (source key and target key sources) are new. */
function spike(flow: CompiledFlow, times: number): Redeliver {
  const keyFields = keySourceFields(flow);
  return (batch) =>
    Array.from({ length: times }, (_, copy) =>
      copy === 0 ? batch : { ...batch, rows: batch.rows.map((row) => rekey(row, keyFields, copy)) },
    );
}

/** The source fields that become a key: the source key, and any field mapped straight to a target key. */
export function keySourceFields(flow: CompiledFlow): readonly string[] {
  const fields = new Set(flow.source.key);
  for (const field of flow.spec.fields ?? []) {
    const spec = field as { from?: unknown; to?: unknown };
    const to = Array.isArray(spec.to) ? spec.to : [spec.to];
    if (typeof spec.from === 'string' && to.some((t) => flow.target.key.includes(String(t))))
      fields.add(spec.from);
  }
  if (!flow.spec.fields) for (const key of flow.target.key) fields.add(key);
  return [...fields];
}

/** A key value made new for copy n: numbers move up by n * 10^8, text gets a suffix. */
export function rekey(row: Row, fields: readonly string[], copy: number): Row {
  const out: Record<string, unknown> = { ...row };
  for (const field of fields) {
    const value = row[field];
    if (typeof value === 'number') out[field] = value + copy * 100_000_000;
    else if (typeof value === 'bigint') out[field] = value + BigInt(copy) * 100_000_000n;
    else if (value !== null && value !== undefined) out[field] = `${String(value)}-x${copy}`;
  }
  return out;
}
