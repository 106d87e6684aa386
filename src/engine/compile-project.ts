import type { z } from 'zod';
import type { AnyConnectorDefinition } from '../core/connector.js';
import { didYouMean } from '../core/did-you-mean.js';
import type { Locator } from '../spec/load-spec.js';
import { hasSecretReference } from '../spec/resolve-secrets.js';
import { genericEndpointKeys, type Spec } from '../spec/schema.js';
import { problemAt, type SpecPath, type SpecProblem } from '../spec/spec-problem.js';
import { compileFlowMapping } from './compile-flow-mapping.js';
import { type CompiledEndpoint, type CompiledFlow, defaultBatchSize } from './compiled-flow.js';
import { parseDuration } from './parse-duration.js';

/**
 * Second pass over a loaded spec, with the connectors and the mapping library in hand:
 * connection blocks, from:/to: options, write modes, keys and field mappings. Returns every
 * problem at once, each located in the spec file.
 */
export interface CompileInput {
  readonly spec: Spec;
  readonly locate: Locator;
  readonly connectors: readonly AnyConnectorDefinition[];
}

export interface CompiledProject {
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  readonly problems: readonly SpecProblem[];
}

export function compileProject({ spec, locate, connectors }: CompileInput): CompiledProject {
  const problems: SpecProblem[] = [];
  const report: Report = (path, code, message, hint, target) => {
    problems.push(problemAt(locate, path, code, message, { hint, target: target ?? 'value' }));
  };
  const byKind = new Map(connectors.map((c) => [c.kind, c]));

  for (const [name, system] of Object.entries(spec.systems)) {
    if (system.kind === 'manual') continue;
    const connector = byKind.get(system.kind);
    if (!connector) {
      const guess = didYouMean(system.kind, [...byKind.keys(), 'manual']);
      report(
        ['systems', name, 'kind'],
        'unknown-kind',
        `unknown system kind "${system.kind}"`,
        guess ? `did you mean "${guess}"?` : `known kinds: ${[...byKind.keys(), 'manual'].join(', ')}`,
      );
      continue;
    }
    checkAgainst(connector.config, system.connection ?? {}, ['systems', name, 'connection'], report);
  }

  const flows = new Map<string, CompiledFlow>();
  for (const [name, flow] of Object.entries(spec.flows ?? {})) {
    const base = ['flows', name] as const;
    const from = spec.systems[flow.from.system];
    const to = spec.systems[flow.to.system];
    const sourceConnector = from ? byKind.get(from.kind) : undefined;
    const targetConnector = to ? byKind.get(to.kind) : undefined;
    // Unknown systems and kinds are already reported; nothing more can be said about the endpoint.
    if (!from || !to || !sourceConnector || !targetConnector) continue;

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
    if (targetConnector.target && !targetConnector.target.modes.includes(mode)) {
      report(
        [...base, 'to', 'mode'],
        'mode-unsupported',
        `${to.kind} targets do not support mode "${mode}"`,
        `use one of: ${targetConnector.target.modes.join(', ')}`,
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
    if (targetKey.length === 0 && mode !== 'insert') {
      report(
        [...base, 'to'],
        'missing-key',
        `mode "${mode}" needs the target's key`,
        'add key: to the to: block (the column(s) that identify a record in the target)',
      );
    }

    const compiled = compileFlowMapping(
      name,
      flow.fields,
      { lookups: spec.lookups ?? {}, onInvalid: flow.onInvalid },
      locate,
    );
    problems.push(...compiled.problems);
    const mapping = compiled.result;
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

    if (!mapping.ok || !sourceOptions?.ok || !targetOptions?.ok) continue;
    const retry = flow.errors?.retry;
    const endpoint = (system: string, connector: AnyConnectorDefinition, options: unknown, key: string[]) =>
      ({
        system,
        connector,
        connection: spec.systems[system]?.connection ?? {},
        options,
        key,
      }) satisfies CompiledEndpoint;
    flows.set(name, {
      name,
      spec: flow,
      source: endpoint(flow.from.system, sourceConnector, sourceOptions.value, sourceKey),
      target: { ...endpoint(flow.to.system, targetConnector, targetOptions.value, targetKey), mode },
      map: mapping.map,
      batchSize: flow.from.batchSize ?? flow.to.batchSize ?? defaultBatchSize,
      onInvalid: flow.onInvalid,
      deadLetter: flow.errors?.deadLetter ?? true,
      maxInvalidRate: flow.errors?.maxInvalidRate,
      retry: {
        attempts: retry?.attempts ?? 3,
        backoff: retry?.backoff ?? 'exponential',
        delayMs: parseDuration(retry?.delay ?? '1s'),
        maxDelayMs: parseDuration(retry?.maxDelay ?? '5m'),
      },
    });
  }
  return { flows, problems };
}

function connectorKeys(block: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const generic = new Set<string>(genericEndpointKeys);
  return Object.fromEntries(Object.entries(block).filter(([key]) => !generic.has(key)));
}

function keyList(key: string | readonly string[] | undefined): string[] {
  if (key === undefined) return [];
  return typeof key === 'string' ? [key] : [...key];
}

type Report = (
  path: SpecPath,
  code: string,
  message: string,
  hint?: string,
  target?: 'key' | 'value',
) => void;

/** Validates a connector-owned block; values that are secret references are checked only once resolved. */
function checkAgainst(
  schema: z.ZodType,
  value: Record<string, unknown>,
  path: SpecPath,
  report: Report,
): { ok: true; value: unknown } | { ok: false } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  let blocking = 0;
  for (const issue of result.error.issues) {
    const at = [...path, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const actual = valueAt(value, issue.path);
    if (typeof actual === 'string' && hasSecretReference(actual)) continue;
    blocking++;
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema);
      for (const key of issue.keys) {
        const guess = didYouMean(key, allowed);
        report(
          [...at, key],
          'unknown-key',
          `unknown key "${key}"`,
          guess ? `did you mean "${guess}"?` : `allowed here: ${allowed.join(', ')}`,
          'key',
        );
      }
    } else {
      report(at, 'invalid-value', issue.message);
    }
  }
  return blocking === 0 ? { ok: true, value } : { ok: false };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function allowedKeys(schema: z.ZodType): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}
