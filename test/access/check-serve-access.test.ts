import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../src/core/integration-error.js';
import { checkServeAccess } from '../../src/server/auth/check-serve-access.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';

async function refusal(promise: Promise<unknown>): Promise<IntegrationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IntegrationError) return error;
    throw error;
  }
  throw new Error('expected serve to be refused');
}

describe('checkServeAccess (decision 0032: never open by accident)', () => {
  let store: StateStore;
  const temp = makeTempDir('serve-access');
  beforeAll(async () => {
    store = await openSqliteStore(path.join(temp.dir, 'state.db'));
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  it('refuses to start without an admin, naming the command that creates one', async () => {
    const error = await refusal(checkServeAccess(store.access, { host: '127.0.0.1' }));
    expect(error).toMatchObject({ kind: 'config', code: 'no-admin' });
    expect(error.hint).toMatch(/syncline users add NAME --role admin/);
    const at = new Date().toISOString();
    await store.access.addUser({
      name: 'vic',
      role: 'viewer',
      passwordHash: 'x',
      createdAt: at,
      updatedAt: at,
    });
    expect((await refusal(checkServeAccess(store.access, { host: '0.0.0.0' }))).code).toBe('no-admin');
  });

  it('allows --no-auth on a loopback address only', async () => {
    expect(await checkServeAccess(store.access, { host: '127.0.0.1', noAuth: true })).toBe('open');
    expect(await checkServeAccess(store.access, { host: '::1', noAuth: true })).toBe('open');
    const error = await refusal(checkServeAccess(store.access, { host: '0.0.0.0', noAuth: true }));
    expect(error.code).toBe('no-auth-not-loopback');
    expect(error.message).toMatch(/not on 0\.0\.0\.0/);
  });

  it('requires login once an admin exists', async () => {
    const at = new Date().toISOString();
    await store.access.addUser({
      name: 'ada',
      role: 'admin',
      passwordHash: 'x',
      createdAt: at,
      updatedAt: at,
    });
    expect(await checkServeAccess(store.access, { host: '0.0.0.0' })).toBe('login');
  });
});
