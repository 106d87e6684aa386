import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessStore } from '../../store/access-store.js';
import { sha256Hex } from './api-token.js';
import { type Audit, createAuditLog } from './audit-log.js';
import type { Caller } from './caller.js';
import { csrfHeader, isCsrfTokenValid } from './csrf-token.js';
import { createLoginLimiter, type LoginLimiter } from './login-limiter.js';
import { registerLoginRoutes } from './login-routes.js';
import { roleAllows } from './role.js';
import { readSessionCookie } from './session-cookie.js';

export interface AccessControlOptions {
  readonly store: AccessStore;
  /** login (default): every non-public route needs a session or token; open: `--no-auth` (decision 0032). */
  readonly mode?: 'login' | 'open';
  readonly audit?: Audit;
  readonly now?: () => Date;
  /** A session ends after this long without use (sliding); default 8 hours. */
  readonly sessionIdleMs?: number;
  /** ...and at the latest this long after login; default 7 days. */
  readonly sessionMaxMs?: number;
  readonly limiter?: LoginLimiter;
}

export interface SessionPolicy {
  readonly idleMs: number;
  readonly maxMs: number;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The access-control plugin for `syncline serve`. Routes declare who may call them with
 * `config: { role: 'public' | 'viewer' | 'operator' | 'admin' }`; this plugin answers 401 to a
 * request without valid credentials, 403 to a role too low or a cookie session's
 * state-changing request without its CSRF token, and records every state-changing request
 * (who, what, target, outcome) in the audit log. It adds POST /api/login, POST /api/logout and
 * GET /api/me. Register it before the routes it protects.
 */
export function accessControl(options: AccessControlOptions): FastifyPluginAsync {
  const now = options.now ?? (() => new Date());
  const audit = options.audit ?? createAuditLog(options.store, now);
  const policy: SessionPolicy = {
    idleMs: options.sessionIdleMs ?? 8 * 3600_000,
    maxMs: options.sessionMaxMs ?? 7 * 24 * 3600_000,
  };
  const limiter = options.limiter ?? createLoginLimiter();

  const plugin = async (app: FastifyInstance) => {
    app.decorateRequest('caller', undefined);
    app.addHook('onRequest', async (request, reply) => {
      // A path no route serves is a 404 for anyone signed in (not a 403 that hints at a route);
      // an anonymous caller still learns nothing beyond 401.
      const need = request.is404 ? 'viewer' : (request.routeOptions.config?.role ?? 'admin');
      request.caller =
        options.mode === 'open'
          ? { name: 'local (--no-auth)', role: 'admin', via: 'open' }
          : await identify(request, options.store, now(), policy);
      if (need === 'public') return;
      const caller = request.caller;
      if (caller === undefined) {
        return refuse(
          reply,
          401,
          'unauthenticated',
          'Log in, or send an API token: Authorization: Bearer sl_…',
        );
      }
      if (
        caller.via === 'session' &&
        !safeMethods.has(request.method) &&
        !isCsrfTokenValid(caller.sessionId ?? '', request.headers[csrfHeader])
      ) {
        return refuse(
          reply,
          403,
          'csrf-token-invalid',
          `Missing or wrong CSRF token: send the csrfToken from /api/login or /api/me in the ${csrfHeader} header`,
        );
      }
      if (!roleAllows(caller.role, need)) {
        return refuse(
          reply,
          403,
          'role-too-low',
          `This needs the ${need} role; ${caller.name} is ${caller.role}`,
        );
      }
    });
    app.addHook('onResponse', async (request, reply) => {
      const config = request.routeOptions.config;
      if (request.caller === undefined || safeMethods.has(request.method)) return;
      // A route that records its own entries does so for what it did; refusals and failures
      // are recorded here all the same.
      if (config?.audit === false && reply.statusCode < 400) return;
      if (config?.role === 'public') return;
      await audit({
        actor: request.caller.name,
        action: `${request.method} ${request.routeOptions.url ?? request.url}`,
        target: targetOf(request),
        outcome:
          reply.statusCode < 400
            ? 'ok'
            : reply.statusCode === 401 || reply.statusCode === 403
              ? 'denied'
              : 'failed',
        origin: request.ip,
        detail: { status: reply.statusCode },
      });
    });
    registerLoginRoutes(app, { store: options.store, audit, now, policy, limiter });
  };
  // Not encapsulated (what fastify-plugin does): the hooks must reach the server's own routes.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}

/** The caller behind a bearer token or a live session cookie; undefined when there is none. */
async function identify(
  request: FastifyRequest,
  store: AccessStore,
  at: Date,
  policy: SessionPolicy,
): Promise<Caller | undefined> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const token =
      match?.[1] === undefined ? undefined : await store.useToken(sha256Hex(match[1]), at.toISOString());
    // A wrong token is never overridden by a cookie: the client meant the token.
    return token === undefined ? undefined : { name: `token:${token.name}`, role: token.role, via: 'token' };
  }
  const sessionId = readSessionCookie(request.headers.cookie);
  if (sessionId === undefined) return undefined;
  const hash = sha256Hex(sessionId);
  const session = await store.getSession(hash, at.toISOString());
  const user = session === undefined ? undefined : await store.getUser(session.user);
  if (session === undefined || user === undefined) return undefined;
  // Sliding expiry, written at most once a minute per session.
  const next = Math.min(at.getTime() + policy.idleMs, Date.parse(session.createdAt) + policy.maxMs);
  if (next - Date.parse(session.expiresAt) > 60_000)
    await store.extendSession(hash, new Date(next).toISOString());
  return { name: user.name, role: user.role, via: 'session', sessionId };
}

function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

/** The route's parameters (flow, run or dead-letter id) name what the action was about. */
function targetOf(request: FastifyRequest): string | undefined {
  const params = request.params;
  if (typeof params !== 'object' || params === null) return undefined;
  const parts = Object.entries(params).map(([key, value]) => `${key}=${String(value)}`);
  return parts.length === 0 ? undefined : parts.join(' ');
}
