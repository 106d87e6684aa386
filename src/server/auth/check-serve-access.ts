import { IntegrationError } from '../../core/integration-error.js';
import type { AccessStore } from '../../store/access-store.js';

/**
 * Decision 0032: `syncline serve` is never open by accident. It starts with login required
 * when at least one admin exists; with no admin it refuses to start, unless `--no-auth` is
 * given AND it listens on a loopback address only (a local trial on one's own machine).
 * Returns the access mode the server must use.
 */
export async function checkServeAccess(
  store: AccessStore,
  options: { readonly host: string; readonly noAuth?: boolean | undefined },
): Promise<'login' | 'open'> {
  if (options.noAuth) {
    if (!isLoopback(options.host)) {
      throw new IntegrationError(
        `--no-auth is only allowed on a loopback address, not on ${options.host}: anyone who can reach it could run, roll back and change everything`,
        {
          kind: 'config',
          code: 'no-auth-not-loopback',
          hint: 'listen on 127.0.0.1 (--host 127.0.0.1), or drop --no-auth and create an admin with `syncline users add NAME --role admin`',
        },
      );
    }
    return 'open';
  }
  if ((await store.countAdmins()) === 0) {
    throw new IntegrationError('No admin user exists, so nobody could log in: not starting an open server', {
      kind: 'config',
      code: 'no-admin',
      hint: 'create one first: `syncline users add NAME --role admin` (password read from stdin), or for a local trial only: `syncline serve --no-auth --host 127.0.0.1`',
    });
  }
  return 'login';
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}
