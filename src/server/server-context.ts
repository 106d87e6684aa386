import type { FastifyRequest } from 'fastify';
import { didYouMean } from '../core/did-you-mean.js';
import { IntegrationError } from '../core/integration-error.js';
import type { Project } from '../engine/check-project.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { StateStore } from '../store/state-store.js';
import type { AuditLog } from './audit-log.js';
import type { SystemCheck } from './check-systems.js';
import type { FlowMetrics } from './flow-metrics.js';
import type { FlowRunner } from './flow-runner.js';
import type { SecretRedactor } from './secret-redactor.js';
import type { ServerEvents } from './server-events.js';

/** What every route module is handed: the project, its store and the running machinery. */
export interface ServerContext {
  readonly project: Project;
  readonly store: StateStore;
  readonly runner: FlowRunner;
  readonly metrics: FlowMetrics;
  readonly events: ServerEvents;
  readonly redactor: SecretRedactor;
  readonly audit: AuditLog;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: () => Date;
  readonly stageOf?: ((flow: CompiledFlow) => string | undefined) | undefined;
  /** Contacts the systems of the served flows (cached), for /readyz. */
  readonly checkSystems: () => Promise<Readonly<Record<string, SystemCheck>>>;
}

/** The flow named in a URL, or a 404 that suggests the nearest name. */
export function requireFlow(context: ServerContext, name: string): CompiledFlow {
  const flow = context.project.flows.get(name);
  if (flow) return flow;
  const guess = didYouMean(name, [...context.project.flows.keys()]);
  throw new IntegrationError(`unknown flow "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`, {
    kind: 'config',
    code: 'unknown-flow',
    hint: 'GET /api/flows lists the flows of the spec',
  });
}

/** Who made the request: the access-control plugin puts `user.name` on it; nobody otherwise. */
export function actorOf(request: FastifyRequest): string {
  return request.caller?.name ?? 'anonymous';
}

export function busyError(flow: string): IntegrationError {
  return new IntegrationError(`flow "${flow}" is running now; only one run of a flow at a time`, {
    kind: 'transient',
    code: 'flow-busy',
    hint: 'try again when the current run has finished (GET /api/flows/FLOW shows its status)',
  });
}
