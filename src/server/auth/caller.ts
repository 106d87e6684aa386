import type { Role, RouteRole } from './role.js';

/** Who made a request, once the access-control hook has identified them. */
export interface Caller {
  /** User name; `token:NAME` for an API token. */
  readonly name: string;
  readonly role: Role;
  /** session: a login cookie (CSRF applies); token: a bearer token; open: a `--no-auth` server. */
  readonly via: 'session' | 'token' | 'open';
  /** The raw session id (only for `session`), to derive the CSRF token and to log out. */
  readonly sessionId?: string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; a route without one needs admin (fail closed). */
    role?: RouteRole;
    /** false: the route records its own audit entries (login, logout). */
    audit?: boolean;
  }
  interface FastifyRequest {
    caller: Caller | undefined;
  }
}
