import { readFileSync } from 'node:fs';
import type { Ingress, Source } from '../core/connector.js';
import { IntegrationError } from '../core/integration-error.js';
import { resolveSecrets } from '../spec/resolve-secrets.js';
import type { CompiledEndpoint, CompiledFlow } from './compiled-flow.js';
import type { FlowEndpoints } from './run-flow.js';

export interface ConnectContext {
  /** Directory of the spec file. */
  readonly baseDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The server's listener, for sources that receive requests (syncline serve). */
  readonly ingress?: Ingress | undefined;
  /** Stored secrets for `${secret:NAME}` (loadSecretLookup); absent, such references fail clearly. */
  readonly secret?: ((name: string) => string) | undefined;
}

/**
 * The real endpoints of a compiled flow: secrets are resolved here, at open time, so they
 * exist only in memory for the length of a run and never in the loaded spec.
 */
export function connectFlow(flow: CompiledFlow, context: ConnectContext): FlowEndpoints {
  return {
    openSource: (batchSize) => openEndpointSource(flow.source, batchSize ?? flow.batchSize, context),
    async openTarget(resume) {
      const open = flow.target.connector.target?.open;
      if (!open) throw notAble(flow.target, 'written');
      return pointAt(flow.target, () =>
        open(openContext(flow.target, 'to', context), {
          options: flow.target.options,
          key: flow.target.key,
          mode: flow.target.mode,
          resume,
          flow: flow.name,
        }),
      );
    },
  };
}

/** Opens a source endpoint: a flow's `from:`, or a table that `syncline profile` reads. */
export async function openEndpointSource(
  endpoint: CompiledEndpoint,
  batchSize: number,
  context: ConnectContext,
): Promise<Source> {
  const open = endpoint.connector.source?.open;
  if (!open) throw notAble(endpoint, 'read');
  return pointAt(endpoint, () =>
    open(openContext(endpoint, 'from', context), { options: endpoint.options, key: endpoint.key, batchSize }),
  );
}

function openContext(endpoint: CompiledEndpoint, side: 'from' | 'to', context: ConnectContext) {
  return systemContext(endpoint, context, ` (after resolving secret references; flow side ${side})`);
}

/**
 * The OpenContext of a system: its connection with secrets resolved and checked by the
 * connector's schema. `after` ends the message of a connection that fails only now.
 */
export function systemContext(
  endpoint: Pick<CompiledEndpoint, 'system' | 'connector' | 'connection'>,
  context: ConnectContext,
  after = ' (after resolving secret references)',
) {
  const where = `systems.${endpoint.system}.connection`;
  const resolved = resolveSecrets(endpoint.connection, {
    env: context.env,
    readFile: (path) => readFileSync(path, 'utf8'),
    baseDir: context.baseDir,
    where,
    secret: context.secret,
  });
  const parsed = endpoint.connector.config.safeParse(resolved);
  if (!parsed.success) {
    // Only values that came from secret references can fail here: the rest was checked at compile time.
    const first = parsed.error.issues[0];
    throw new IntegrationError(
      `${where}.${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}${after}`,
      {
        kind: 'config',
        code: 'connection-invalid',
        hint: 'check the environment variable or file the reference points to',
      },
    );
  }
  return { system: endpoint.system, config: parsed.data, baseDir: context.baseDir, ingress: context.ingress };
}

function notAble(endpoint: CompiledEndpoint, verb: string): IntegrationError {
  return new IntegrationError(`${endpoint.connector.kind} system "${endpoint.system}" cannot be ${verb}`, {
    kind: 'config',
    code: 'endpoint-unsupported',
  });
}

/** A configuration error on opening names the place in the spec to fix. */
async function pointAt<T>(endpoint: CompiledEndpoint, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof IntegrationError) || error.kind !== 'config') throw error;
    const where = `declared at ${endpoint.where}`;
    throw new IntegrationError(error.message, {
      kind: error.kind,
      code: error.code,
      stage: error.stage,
      hint: error.hint ? `${error.hint} (${where})` : where,
      cause: error,
    });
  }
}
