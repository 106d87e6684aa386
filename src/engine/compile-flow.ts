import type { z } from 'zod';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { compileMapping } from '../mapping/compile-mapping.js';
import type { Locator } from '../spec/load-spec.js';
import { hasSecretReference } from '../spec/resolve-secrets.js';
import type { FlowSpec, LookupTable, retrySchema, systemSchema } from '../spec/schema.js';
import type { SpecProblem } from '../spec/spec-problem.js';
import { checkAgainst, connectorKeys, type Report } from './check-connector-block.js';
import { compileFlowMapping } from './compile-flow-mapping.js';
import {
  type CompiledEndpoint,
  type CompiledFlow,
  defaultBatchSize,
  defaultRetryRejected,
} from './compiled-flow.js';
import { parseByteSize } from './parse-byte-size.js';
import { parseDuration } from './parse-duration.js';

export interface FlowContext {
  readonly systems: ReadonlyMap<string, z.infer<typeof systemSchema>>;
  readonly byKind: ReadonlyMap<string, AnyConnectorDefinition>;
  readonly lookups: Record<string, LookupTable>;
  readonly resolveSecret?: ((reference: string) => string | undefined) | undefined;
  readonly locate: Locator;
  readonly report: Report;
  /** The project's `errors.retry`, for flows without their own. */
  readonly defaultRetry?: z.infer<typeof retrySchema> | undefined;
}

/** Checks one well-formed flow against its connectors and compiles its mapping. */
export function compileFlow(
  name: string,
  flow: FlowSpec,
  context: FlowContext,
  problems: SpecProblem[],
): CompiledFlow | undefined {
  const { report } = context;
  const base = ['flows', name] as const;
  const from = context.systems.get(flow.from.system);
  const to = context.systems.get(flow.to.system);
  const sourceConnector = from ? context.byKind.get(from.kind) : undefined;
  const targetConnector = to ? context.byKind.get(to.kind) : undefined;

  const mappingOptions = {
    lookups: context.lookups,
    onInvalid: flow.onInvalid,
    resolveSecret: context.resolveSecret,
  };
  const compiled = compileFlowMapping(name, flow.fields, mappingOptions, context.locate);
  problems.push(...compiled.problems);
  const mapping = compiled.result;
  if (flow.mapping && !flow.fields) {
    report(
      [...base, 'mapping'],
      'mapping-sheet-not-loaded',
      `the mapping sheet ${flow.mapping} was not loaded`,
    );
  }
  // Unknown systems and kinds are reported by the reference and system checks.
  if (!from || !to || !sourceConnector || !targetConnector) return undefined;

  for (const side of ['from', 'to'] as const) {
    for (const [key, value] of Object.entries(flow[side])) {
      if (typeof value === 'string' && hasSecretReference(value)) {
        report(
          [...base, side, key],
          'secret-outside-connection',
          "secret references are resolved only inside a system's connection: block",
          `move the value to systems.${flow[side].system}.connection, or write it out here`,
        );
      }
    }
  }
  if (!sourceConnector.source) {
    report(
      [...base, 'from', 'system'],
      'not-a-source',
      `${from.kind} system "${flow.from.system}" cannot be read`,
    );
  }
  if (!targetConnector.target) {
    report(
      [...base, 'to', 'system'],
      'not-a-target',
      `${to.kind} system "${flow.to.system}" cannot be written`,
    );
  }
  const mode = flow.to.mode ?? 'upsert';
  const modes = targetConnector.target?.modes ?? [];
  if (targetConnector.target && !modes.includes(mode)) {
    report(
      [...base, 'to', 'mode'],
      'mode-unsupported',
      `${to.kind} targets do not support mode "${mode}"`,
      `use one of: ${modes.join(', ')}`,
    );
  }
  const sourceOptions = sourceConnector.source
    ? checkAgainst(sourceConnector.source.options, connectorKeys(flow.from), [...base, 'from'], report)
    : undefined;
  const targetOptions = targetConnector.target
    ? checkAgainst(targetConnector.target.options, connectorKeys(flow.to), [...base, 'to'], report)
    : undefined;

  const sourceKey = keyList(flow.from.key);
  const targetKey = keyList(flow.to.key);
  if (targetKey.length === 0 && mode !== 'insert' && modes.includes(mode)) {
    report(
      [...base, 'to'],
      'target-key-missing',
      `mode "${mode}" needs the target's key`,
      'add key: to the to: block (the column(s) that identify a record in the target)',
    );
  }
  if (sourceOptions?.ok && mode === 'insert' && !sourceConnector.source?.isIncremental(sourceOptions.value)) {
    report(
      [...base, 'from'],
      'full-read-appends',
      'this source is read in full on every run and the target only appends, so every run would write every record again',
      `read incrementally (a cursor:, or follow: for files), or write with mode: upsert and a key`,
    );
  }
  if (sourceOptions?.ok && mode === 'mirror' && sourceConnector.source?.isIncremental(sourceOptions.value)) {
    report(
      [...base, 'to', 'mode'],
      'mirror-needs-full-read',
      'mode "mirror" deletes target records the source did not deliver, so it needs a full read, and this source reads incrementally (only what changed since the last run)',
      'remove the cursor: (or follow:) from the from: block so every run reads everything, or use mode: upsert',
    );
  }
  if (mapping.ok && flow.fields) {
    for (const column of targetKey) {
      if (!mapping.targetFields.includes(column)) {
        report(
          [...base, 'to', 'key'],
          'key-not-mapped',
          `target key "${column}" is not written by any field mapping`,
          `add a field with to: ${column}`,
        );
      }
    }
  }

  if (!mapping.ok || !sourceOptions?.ok || !targetOptions?.ok) return undefined;
  const retry = flow.errors?.retry ?? context.defaultRetry;
  const endpoint = (
    side: 'from' | 'to',
    system: string,
    connector: AnyConnectorDefinition,
    options: unknown,
    key: string[],
  ) => {
    const { line, col } = context.locate([...base, side]);
    const limits = context.systems.get(system)?.limits;
    return {
      system,
      connector,
      connection: context.systems.get(system)?.connection ?? {},
      charset: context.systems.get(system)?.charset,
      options,
      key,
      limits: limits && {
        requestsPerSecond: limits.requestsPerSecond,
        circuitBreaker: limits.circuitBreaker && {
          failures: limits.circuitBreaker.failures,
          probeAfterMs: parseDuration(limits.circuitBreaker.probeAfter),
        },
      },
      where: `${context.locate.file}:${line}:${col} flows.${name}.${side}`,
    } satisfies CompiledEndpoint;
  };
  return {
    name,
    spec: flow,
    source: endpoint('from', flow.from.system, sourceConnector, sourceOptions.value, sourceKey),
    target: { ...endpoint('to', flow.to.system, targetConnector, targetOptions.value, targetKey), mode },
    map: mapping.map,
    sourceFields: mapping.sourceFields,
    targetFields: mapping.targetFields,
    freshMap: mapping.forRun,
    compileFields: (fields) => compileMapping(fields, mappingOptions),
    batchSize: flow.from.batchSize ?? flow.to.batchSize ?? defaultBatchSize,
    maxBatchBytes: maybeByteSize(flow.from.maxBatchBytes ?? flow.to.maxBatchBytes),
    onInvalid: flow.onInvalid,
    maxInvalidRate: flow.errors?.maxInvalidRate,
    retryRejected: flow.errors?.retryRejected?.attempts ?? defaultRetryRejected,
    retry: {
      attempts: retry?.attempts ?? 3,
      backoff: retry?.backoff ?? 'exponential',
      delayMs: parseDuration(retry?.delay ?? '1s'),
      maxDelayMs: parseDuration(retry?.maxDelay ?? '5m'),
    },
  };
}

function keyList(key: string | readonly string[] | undefined): string[] {
  if (key === undefined) return [];
  return typeof key === 'string' ? [key] : [...key];
}

function maybeByteSize(size: number | string | undefined): number | undefined {
  return size === undefined ? undefined : parseByteSize(size);
}
