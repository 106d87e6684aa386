import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccessStore } from '../../store/access-store.js';
import type { SessionPolicy } from './access-control.js';
import { sha256Hex } from './api-token.js';
import type { Audit } from './audit-log.js';
import { csrfTokenOf } from './csrf-token.js';
import type { LoginLimiter } from './login-limiter.js';
import { decoyPasswordHash, verifyPassword } from './password-hash.js';
import { sessionCookie } from './session-cookie.js';

interface LoginContext {
  readonly store: AccessStore;
  readonly audit: Audit;
  readonly now: () => Date;
  readonly policy: SessionPolicy;
  readonly limiter: LoginLimiter;
}

// Bounded, so a huge "password" cannot make scrypt or the audit log work hard.
const loginBody = z.object({ name: z.string().min(1).max(200), password: z.string().min(1).max(1024) });

/** The same answer for an unknown user and a wrong password: nothing tells which one it was. */
const loginFailed = { error: 'login-failed', message: 'Unknown user name or wrong password' };

/** POST /api/login, POST /api/logout, GET /api/me. */
export function registerLoginRoutes(app: FastifyInstance, context: LoginContext): void {
  const { store, audit, now, policy, limiter } = context;

  app.post('/api/login', { config: { role: 'public', audit: false } }, async (request, reply) => {
    const body = loginBody.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send({
        error: 'login-invalid',
        message:
          'Send JSON {"name": "...", "password": "..."} (name up to 200, password up to 1024 characters)',
      });
    }
    const { name, password } = body.data;
    const at = now();
    const keys = [`user:${name.toLowerCase()}`, `ip:${request.ip}`];
    const wait = limiter.retryAfter(keys, at.getTime());
    if (wait > 0) {
      await audit({
        actor: name,
        action: 'login',
        outcome: 'denied',
        origin: request.ip,
        detail: 'locked out',
      });
      const minutes = Math.ceil(wait / 60_000);
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(wait / 1000)))
        .send({
          error: 'login-locked',
          message: `Too many failed logins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        });
    }
    const user = await store.getUser(name);
    // An unknown user costs a full scrypt check too, so timing does not tell which names exist.
    const isValid = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (user === undefined || !isValid) {
      limiter.recordFailure(keys, at.getTime());
      await audit({ actor: name, action: 'login', outcome: 'failed', origin: request.ip });
      return reply.code(401).send(loginFailed);
    }
    limiter.recordSuccess(keys);
    const sessionId = randomBytes(32).toString('base64url');
    const expiresAt = new Date(at.getTime() + Math.min(policy.idleMs, policy.maxMs));
    await store.addSession({
      hash: sha256Hex(sessionId),
      user: user.name,
      createdAt: at.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    await audit({ actor: user.name, action: 'login', origin: request.ip });
    setCookie(request, reply, sessionId, policy.maxMs);
    return { user: user.name, role: user.role, via: 'session', csrfToken: csrfTokenOf(sessionId) };
  });

  app.post('/api/logout', { config: { role: 'viewer', audit: false } }, async (request, reply) => {
    const caller = request.caller;
    if (caller?.sessionId !== undefined) {
      await store.deleteSession(sha256Hex(caller.sessionId));
      await audit({ actor: caller.name, action: 'logout', origin: request.ip });
    }
    setCookie(request, reply, '', 0);
    return reply.code(204).send();
  });

  app.get('/api/me', { config: { role: 'viewer' } }, async (request) => {
    const caller = request.caller;
    return {
      user: caller?.name,
      role: caller?.role,
      via: caller?.via,
      ...(caller?.sessionId === undefined ? {} : { csrfToken: csrfTokenOf(caller.sessionId) }),
    };
  });
}

function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeMs: number): void {
  reply.header(
    'set-cookie',
    sessionCookie(value, { maxAgeSeconds: maxAgeMs / 1000, secure: request.protocol === 'https' }),
  );
}
