import type {} from 'fastify';

/**
 * Who may call a route. Every route declares one in its options (`config: { role }`); the
 * access-control plugin reads it, so the rule sits beside the route and nowhere else.
 * public: anyone (health, metrics); viewer: read; operator: run, replay, discard; admin: rollback.
 */
export type RouteRole = 'public' | 'viewer' | 'operator' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    role?: RouteRole;
  }
}
