import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../src/core/integration-error.js';
import { loadKeyring } from '../../src/secrets/master-keyring.js';
import { openSecret } from '../../src/secrets/seal-secret.js';
import { loadSecretLookup, rotateStoredSecrets, setStoredSecret } from '../../src/secrets/stored-secrets.js';
import { resolveSecrets } from '../../src/spec/resolve-secrets.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';

const key1 = Buffer.alloc(32, 1).toString('base64');
const key2 = Buffer.alloc(32, 2).toString('base64');
const value = 'postgres://sync:S3cr3t-Value-42@db.internal/crm';
const at = '2026-03-02T09:00:00.000Z';

function thrown(fn: () => unknown): IntegrationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof IntegrationError) return error;
    throw error;
  }
  throw new Error('expected an IntegrationError');
}

/** Message and hint together: neither may contain the value. */
const said = (error: IntegrationError) => `${error.message}\n${error.hint ?? ''}`;

describe('stored secrets (AES-256-GCM in the state store)', () => {
  let store: StateStore;
  const temp = makeTempDir('secrets');
  beforeAll(async () => {
    store = await openSqliteStore(path.join(temp.dir, 'state.db'));
  });
  afterAll(async () => {
    await store.close();
    temp.remove();
  });

  it('round-trips a value, sealed with a fresh IV and the key id', async () => {
    const keyring = loadKeyring({ SYNCLINE_MASTER_KEY: key1 });
    await setStoredSecret(store.access, 'crm-url', value, keyring, at);
    await setStoredSecret(store.access, 'crm-url-copy', value, keyring, at);
    const [a, b] = await store.access.listSecrets();
    expect(a).toMatchObject({ name: 'crm-url', keyId: 'k1' });
    expect(Buffer.from(a?.iv ?? '', 'base64')).toHaveLength(12);
    expect(Buffer.from(a?.tag ?? '', 'base64')).toHaveLength(16);
    expect(a?.iv).not.toBe(b?.iv);
    expect(a?.ciphertext).not.toBe(b?.ciphertext);
    const lookup = await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEY: key1 });
    expect(lookup('crm-url')).toBe(value);
  });

  it('detects tampering: a flipped byte in the ciphertext, tag or IV, or a value moved to another name', async () => {
    const keyring = loadKeyring({ SYNCLINE_MASTER_KEY: key1 });
    const sealed = await store.access.getSecret('crm-url');
    if (sealed === undefined) throw new Error('crm-url is not stored');
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64');
    };
    for (const part of ['ciphertext', 'tag', 'iv'] as const) {
      const error = thrown(() => openSecret('crm-url', { ...sealed, [part]: flip(sealed[part]) }, keyring));
      expect(error.code, part).toBe('secret-undecryptable');
      expect(said(error)).not.toContain('S3cr3t');
    }
    expect(thrown(() => openSecret('other-name', sealed, keyring)).code).toBe('secret-undecryptable');
    expect(openSecret('crm-url', sealed, keyring)).toBe(value);
  });

  it('says clearly when the key is wrong, unknown or missing, without the value', async () => {
    const wrong = await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEY: key2 });
    const wrongKey = thrown(() => wrong('crm-url'));
    expect(wrongKey.code).toBe('secret-undecryptable');
    expect(wrongKey.message).toMatch(
      /Secret "crm-url" cannot be decrypted with key "k1": the key is wrong or the stored value was altered/,
    );

    const otherId = await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEYS: `k9:${key1}` });
    const unknown = thrown(() => otherId('crm-url'));
    expect(unknown.code).toBe('secret-key-unknown');
    expect(unknown.message).toMatch(/sealed with key "k1", which is not in the keyring \(has: k9\)/);

    const none = await loadSecretLookup(store.access, {});
    expect(thrown(() => none('crm-url')).code).toBe('master-key-missing');
    expect(thrown(() => loadKeyring({ SYNCLINE_MASTER_KEY: 'c2hvcnQ=' })).message).toMatch(
      /is 5 bytes after base64 decoding; it must be 32/,
    );
    expect(thrown(() => loadKeyring({ SYNCLINE_MASTER_KEYS: `${key1}` })).code).toBe('master-key-invalid');
    for (const error of [wrongKey, unknown]) expect(said(error)).not.toContain('S3cr3t');
  });

  it('rotates every value to the new current key, while old key ids stay readable until then', async () => {
    const ring = loadKeyring({ SYNCLINE_MASTER_KEYS: `k2:${key2},k1:${key1}` });
    // Before rotating, a keyring with both keys reads values sealed with the old one.
    expect(
      (await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEYS: `k2:${key2},k1:${key1}` }))('crm-url'),
    ).toBe(value);
    const before = await store.access.getSecret('crm-url');
    expect(await rotateStoredSecrets(store.access, ring, at)).toBe(2);
    const after = await store.access.listSecrets();
    const first = after[0];
    if (first === undefined) throw new Error('no secrets after rotating');
    expect(after.map((s) => s.keyId)).toEqual(['k2', 'k2']);
    expect(after[0]?.iv).not.toBe(before?.iv);
    // Now the new key alone is enough, and the old one alone no longer is.
    expect(
      (await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEYS: `k2:${key2}` }))('crm-url-copy'),
    ).toBe(value);
    expect(thrown(() => openSecret('crm-url', first, loadKeyring({ SYNCLINE_MASTER_KEY: key1 }))).code).toBe(
      'secret-key-unknown',
    );
    expect(await rotateStoredSecrets(store.access, ring, at)).toBe(0);
  });

  it('resolves ${secret:NAME} in a connection, and names unresolvable ones without values', async () => {
    const secret = await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEYS: `k2:${key2}` });
    const context = {
      env: {},
      readFile: () => '',
      baseDir: temp.dir,
      where: 'systems.crm.connection',
      secret,
    };
    expect(resolveSecrets({ url: '${secret:crm-url}' }, context)).toEqual({ url: value });
    const error = thrown(() =>
      resolveSecrets(
        { url: '${secret:crm-url}', password: '${secret:nope}' },
        { ...context, secret: undefined },
      ),
    );
    expect(error.code).toBe('secret-unresolved');
    expect(error.message).toMatch(
      /systems\.crm\.connection\.url uses \$\{secret:crm-url\}, but stored secrets are not available/,
    );
    const missing = thrown(() => resolveSecrets({ password: '${secret:nope}' }, context));
    expect(missing.message).toMatch(
      /systems\.crm\.connection\.password uses \$\{secret:nope\}, but no secret named "nope" is stored/,
    );
    expect(missing.hint).toMatch(/syncline secrets set/);
    const wrongKey = await loadSecretLookup(store.access, { SYNCLINE_MASTER_KEY: key1 });
    const failed = thrown(() =>
      resolveSecrets({ url: '${secret:crm-url}' }, { ...context, secret: wrongKey }),
    );
    expect(failed.message).toMatch(/sealed with key "k2", which is not in the keyring/);
    expect(said(failed)).not.toContain('S3cr3t');
  });
});
