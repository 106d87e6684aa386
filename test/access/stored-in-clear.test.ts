import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyring } from '../../src/secrets/master-keyring.js';
import { setStoredSecret } from '../../src/secrets/stored-secrets.js';
import { type AccessFixture, login, startAccessFixture, users } from './access-fixture.js';

/** Every byte the state store keeps on disk: the database file, its WAL, and a dump of every table. */
function storedText(dbPath: string): string {
  const files = [dbPath, `${dbPath}-wal`]
    .filter(existsSync)
    .map((file) => readFileSync(file).toString('latin1'));
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all()));
    return [...files, ...tables].join('\n');
  } finally {
    db.close();
  }
}

describe('what the state store keeps on disk', () => {
  let f: AccessFixture;
  beforeAll(async () => {
    f = await startAccessFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it('never holds a password, API token, session id, CSRF token or credential in clear', async () => {
    const session = await login(f.app, users.operator, f.password);
    const sessionId = session.cookie.split('=')[1] ?? '';
    await f.app.inject({
      method: 'POST',
      url: '/api/flows/customers/run',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    for (const token of Object.values(f.tokens)) {
      await f.app.inject({ method: 'GET', url: '/api/flows', headers: { authorization: `Bearer ${token}` } });
    }
    const credential = 'pg-password-Zq81!kTT';
    const keyring = loadKeyring({ SYNCLINE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    await setStoredSecret(f.store.access, 'crm-db-password', credential, keyring, new Date().toISOString());

    const text = storedText(f.dbPath);
    // The rows are there (so the search below looks at real data)...
    expect(text).toContain(users.operator);
    expect(text).toContain('crm-db-password');
    expect(text).toContain('scrypt$32768$8$1$');
    // ...and none of the secrets, in any encoding the store could have used.
    const secrets = [f.password, ...Object.values(f.tokens), sessionId, session.csrfToken, credential];
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      for (const form of [
        secret,
        Buffer.from(secret).toString('base64'),
        Buffer.from(secret).toString('hex'),
      ]) {
        expect(text.includes(form), `found ${secret.slice(0, 6)}… in the store`).toBe(false);
      }
    }
  });
});
