import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import { IntegrationError, toIntegrationError } from '../core/integration-error.js';
import type { Project } from '../engine/check-project.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { StateStore } from '../store/state-store.js';
import { alertRoutes } from './alert-routes.js';
import { type AuditLog, storeAuditLog } from './audit-log.js';
import { auditRoutes } from './audit-routes.js';
import { createSystemCheck } from './check-systems.js';
import { compareRoutes } from './compare-routes.js';
import { deadLetterRoutes } from './dead-letter-routes.js';
import { eventRoutes } from './event-routes.js';
import { createFlowMetrics, type FlowMetrics } from './flow-metrics.js';
import { flowRoutes } from './flow-routes.js';
import { createFlowRunner, type FlowRunner } from './flow-runner.js';
import { healthRoutes } from './health-routes.js';
import { planRoutes } from './plan-routes.js';
import { reviewRoutes } from './review-routes.js';
import './route-role.js';
import { runRoutes } from './run-routes.js';
import { createSecretRedactor, registerSpecSecrets, type SecretRedactor } from './secret-redactor.js';
import { seriesRoutes } from './series-routes.js';
import type { ServerContext } from './server-context.js';
import { createServerEvents, type ServerEvents } from './server-events.js';
import { createServerLogger, engineLogger } from './server-logger.js';
import { webApp } from './web-app.js';
import { webhookIngress } from './webhook-ingress.js';

export interface BuildServerOptions {
  readonly project: Project;
  readonly store: StateStore;
  /** Environment the spec's `${env:…}` references resolve from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Access control, called on the server before any route is added (so its hooks see every
   * route); it reads each route's `config.role` and puts `user.name` on the request.
   */
  readonly auth?: (app: FastifyInstance) => Promise<void> | void;
  /** Where operator actions are recorded (default: the state store's audit log). */
  readonly audit?: AuditLog;
  /** A flow's rollout stage, when the project tracks stages. */
  readonly stageOf?: (flow: CompiledFlow) => string | undefined;
  /** Where log lines go (default standard output). */
  readonly logTo?: NodeJS.WritableStream;
  readonly logLevel?: string;
  readonly clock?: () => Date;
  /** Lease length for the one-run-per-flow rule (ms, default 60 s). */
  readonly leaseMs?: number;
  readonly redactor?: SecretRedactor;
  /** The built dashboard (default dist/web of this package). */
  readonly webRoot?: string;
  /**
   * The flows serve runs or compares, whose systems /readyz contacts (default: every enabled
   * flow of the project).
   */
  readonly servedFlows?: readonly string[];
  /** How long /readyz waits for one system (ms, default 2000) and reuses its answers (ms, default 10 000). */
  readonly systemCheck?: { readonly timeoutMs?: number; readonly cacheMs?: number };
}

export interface SynclineServer {
  readonly app: FastifyInstance;
  readonly runner: FlowRunner;
  readonly metrics: FlowMetrics;
  readonly events: ServerEvents;
  readonly log: pino.Logger;
}

/**
 * The HTTP side of `syncline serve`: health, metrics, the JSON API and the home page, over one
 * flow runner that every run goes through. Routes only translate HTTP to the engine functions
 * the CLI also calls; the answers and the logs pass through the secret redactor.
 */
export async function buildServer(options: BuildServerOptions): Promise<SynclineServer> {
  const { project, store } = options;
  const env = options.env ?? process.env;
  const redactor = options.redactor ?? createSecretRedactor();
  registerSpecSecrets(redactor, project.spec, { env, baseDir: project.baseDir });
  const log = createServerLogger(redactor, options.logTo, options.logLevel);
  const clock = options.clock ?? (() => new Date());
  const metrics = createFlowMetrics();
  const events = createServerEvents();
  const ingress = webhookIngress();
  const runner = createFlowRunner({
    ingressFor: (flow) =>
      project.flows.get(flow)?.source.connector.kind === 'webhook' ? ingress.forFlow(flow) : undefined,
    project,
    store,
    env,
    logger: engineLogger(log),
    metrics,
    events,
    clock,
    leaseMs: options.leaseMs,
  });
  const context: ServerContext = {
    project,
    store,
    runner,
    metrics,
    events,
    redactor,
    env,
    clock,
    audit: options.audit ?? storeAuditLog(store.access),
    stageOf: options.stageOf,
    checkSystems: createSystemCheck({
      flows: [...project.flows.values()].filter((flow) =>
        options.servedFlows === undefined ? flow.spec.enabled : options.servedFlows.includes(flow.name),
      ),
      context: { baseDir: project.baseDir, env },
      clock,
      ...options.systemCheck,
    }),
  };

  const app: FastifyInstance = Fastify({ loggerInstance: log as FastifyBaseLogger });
  app.addHook('onRoute', (route) => {
    // A route without a role would be open or closed by accident; the auth plugin relies on it.
    if (route.config?.role === undefined && route.method !== 'HEAD') {
      throw new Error(`route ${route.method} ${route.url} declares no role (config.role)`);
    }
  });
  app.addHook('onSend', async (_request, _reply, payload) =>
    typeof payload === 'string' ? redactor.redact(payload) : payload,
  );
  app.setErrorHandler((thrown: FastifyError, request, reply) => {
    const error =
      thrown instanceof IntegrationError
        ? thrown
        : thrown.statusCode !== undefined && thrown.statusCode < 500
          ? new IntegrationError(thrown.message, { kind: 'config', code: thrown.code ?? 'bad-request' })
          : toIntegrationError(thrown, { kind: 'fatal', code: 'server-error' });
    const status = statusOf(error);
    if (status >= 500) request.log.error({ code: error.code, error: error.message }, 'request failed');
    return reply.code(status).send({ error: { code: error.code, message: error.message, hint: error.hint } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: 'not-found',
        message: `no route ${request.method} ${request.url}`,
        hint: 'see docs/serve.md',
      },
    }),
  );

  await options.auth?.(app);
  healthRoutes(app, context);
  flowRoutes(app, context);
  runRoutes(app, context);
  deadLetterRoutes(app, context);
  planRoutes(app, context);
  eventRoutes(app, context);
  seriesRoutes(app, context);
  compareRoutes(app, context);
  alertRoutes(app, context);
  auditRoutes(app, context);
  reviewRoutes(app, context);
  await ingress.routes(app);
  await webApp(app, options.webRoot);
  return { app, runner, metrics, events, log };
}

const notFoundCodes = new Set(['unknown-flow', 'run-not-found', 'dead-letter-not-found', 'alert-not-found']);

function statusOf(error: IntegrationError): number {
  if (notFoundCodes.has(error.code)) return 404;
  if (error.code === 'flow-busy') return 409;
  if (error.kind === 'config') return 400;
  return 500;
}
