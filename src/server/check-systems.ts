import { toIntegrationError } from '../core/integration-error.js';
import type { CompiledEndpoint, CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, openEndpointSource, systemContext } from '../engine/connect-flow.js';
import { continuousKinds } from './flows-to-serve.js';

/** Whether one system answered: ok, unreachable (with why), or unchecked (no way to ask). */
export type SystemCheck =
  | { readonly status: 'ok' }
  | {
      readonly status: 'unreachable';
      readonly code: string;
      readonly error: string;
      readonly hint?: string | undefined;
    }
  | { readonly status: 'unchecked'; readonly reason: string };

export interface CheckSystemsOptions {
  /** The flows serve runs or compares: their systems are the ones readiness depends on. */
  readonly flows: readonly CompiledFlow[];
  readonly context: ConnectContext;
  /** How long one system may take to answer (ms, default 2000). */
  readonly timeoutMs?: number;
  /** How long an answer is reused (ms, default 10 000), so probes do not hammer the systems. */
  readonly cacheMs?: number;
  readonly clock?: () => Date;
}

/**
 * The system check behind /readyz (decision 0039): each system a served flow uses is contacted
 * — the connector's ping where it has one (connect and log in), else opening and closing a
 * flow's source on it — all at once, each within `timeoutMs`. The answers are cached for
 * `cacheMs`; probes arriving meanwhile share one round of checks.
 */
export function createSystemCheck(options: CheckSystemsOptions): () => Promise<Record<string, SystemCheck>> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const cacheMs = options.cacheMs ?? 10_000;
  const clock = options.clock ?? (() => new Date());
  const systems = systemsOf(options.flows);
  let cached: { readonly at: number; readonly answer: Promise<Record<string, SystemCheck>> } | undefined;

  const checkAll = async (): Promise<Record<string, SystemCheck>> => {
    const results = await Promise.all(
      [...systems].map(
        async ([name, probe]) => [name, await withTimeout(probe, options.context, timeoutMs)] as const,
      ),
    );
    return Object.fromEntries(results);
  };
  return () => {
    const now = clock().getTime();
    if (cached === undefined || now - cached.at >= cacheMs) cached = { at: now, answer: checkAll() };
    return cached.answer;
  };
}

/** How to contact a system: its connector's ping, or a flow's source to open and close. */
interface Probe {
  readonly endpoint: CompiledEndpoint;
  readonly source?: { readonly endpoint: CompiledEndpoint; readonly batchSize: number } | undefined;
}

function systemsOf(flows: readonly CompiledFlow[]): Map<string, Probe> {
  const probes = new Map<string, Probe>();
  for (const flow of flows) {
    // A queue or webhook source is not opened: that would consume messages or take the route.
    const isReadable = !continuousKinds.has(flow.source.connector.kind);
    const known = probes.get(flow.source.system);
    if (known?.source === undefined) {
      probes.set(flow.source.system, {
        endpoint: flow.source,
        source: isReadable ? { endpoint: flow.source, batchSize: 1 } : undefined,
      });
    }
    if (!probes.has(flow.target.system)) probes.set(flow.target.system, { endpoint: flow.target });
  }
  return probes;
}

async function check(probe: Probe, context: ConnectContext): Promise<SystemCheck> {
  const { endpoint } = probe;
  try {
    if (endpoint.connector.ping) {
      await endpoint.connector.ping(systemContext(endpoint, context));
      return { status: 'ok' };
    }
    if (probe.source) {
      const source = await openEndpointSource(probe.source.endpoint, probe.source.batchSize, context);
      await source.close();
      return { status: 'ok' };
    }
    return {
      status: 'unchecked',
      reason: `a ${endpoint.connector.kind} system cannot be contacted without reading or writing`,
    };
  } catch (thrown) {
    const error = toIntegrationError(thrown, { kind: 'transient', code: 'system-unreachable' });
    return { status: 'unreachable', code: error.code, error: error.message, hint: error.hint };
  }
}

async function withTimeout(probe: Probe, context: ConnectContext, timeoutMs: number): Promise<SystemCheck> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<SystemCheck>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          status: 'unreachable',
          code: 'system-timeout',
          error: `${probe.endpoint.system} did not answer within ${timeoutMs / 1000} s`,
        }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([check(probe, context), late]);
  } finally {
    clearTimeout(timer);
  }
}
