import { IntegrationError } from '../../core/integration-error.js';
import type { Role } from '../../store/access-store.js';

export type { Role } from '../../store/access-store.js';

/**
 * What a route needs: `public` (anyone, e.g. health checks) or a role. Roles are ordered:
 * viewer reads; operator also runs flows, replays dead letters and snoozes alerts; admin also
 * rolls back, cuts over, changes settings and manages users and tokens.
 */
export type RouteRole = 'public' | Role;

export const roles: readonly Role[] = ['viewer', 'operator', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** True when a caller with `have` may use a route that needs `need`. */
export function roleAllows(have: Role, need: Role): boolean {
  return roles.indexOf(have) >= roles.indexOf(need);
}

/** A role given on the command line or in a request; anything else is a usage error. */
export function parseRole(value: string): Role {
  if (isRole(value)) return value;
  throw new IntegrationError(`Unknown role "${value}"`, {
    kind: 'config',
    code: 'role-unknown',
    hint: `use one of: ${roles.join(', ')}`,
  });
}
