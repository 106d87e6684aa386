import { IntegrationError } from '../core/integration-error.js';
import type { AccessStore } from '../store/access-store.js';
import { type Keyring, loadKeyring } from './master-keyring.js';
import { openSecret, sealSecret } from './seal-secret.js';

/** Reads one stored secret by name; throws an IntegrationError naming the problem, never the value. */
export type SecretLookup = (name: string) => string;

const namePattern = /^[A-Za-z0-9._-]{1,100}$/;

export function checkSecretName(name: string): string {
  if (namePattern.test(name)) return name;
  throw new IntegrationError(`"${name}" is not a valid secret name`, {
    kind: 'config',
    code: 'secret-name-invalid',
    hint: 'use letters, digits, dot, dash and underscore (up to 100), e.g. crm-db-password',
  });
}

export async function setStoredSecret(
  store: AccessStore,
  name: string,
  value: string,
  keyring: Keyring,
  at: string,
): Promise<void> {
  checkSecretName(name);
  await store.putSecret({ name, ...sealSecret(name, value, keyring), updatedAt: at });
}

/**
 * Re-seals every stored secret under the keyring's current key, in one transaction: either
 * all values move to the new key or none does. Returns how many were re-sealed.
 */
export async function rotateStoredSecrets(store: AccessStore, keyring: Keyring, at: string): Promise<number> {
  const stale = (await store.listSecrets()).filter((secret) => secret.keyId !== keyring.current.id);
  const resealed = stale.map((secret) => ({
    name: secret.name,
    ...sealSecret(secret.name, openSecret(secret.name, secret, keyring), keyring),
    updatedAt: at,
  }));
  await store.replaceSecrets(resealed);
  return resealed.length;
}

/**
 * The `${secret:NAME}` lookup for opening connections: reads the sealed values now (the store
 * is asynchronous) and decrypts one only when a reference asks for it, so a spec without
 * stored secrets needs no master key.
 */
export async function loadSecretLookup(
  store: AccessStore,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SecretLookup> {
  const sealed = new Map((await store.listSecrets()).map((secret) => [secret.name, secret]));
  let keyring: Keyring | undefined;
  return (name) => {
    const secret = sealed.get(name);
    if (secret === undefined) {
      throw new IntegrationError(`no secret named "${name}" is stored`, {
        kind: 'config',
        code: 'secret-not-stored',
        hint: `store it with: syncline secrets set ${name} (value from stdin)`,
      });
    }
    keyring ??= loadKeyring(env);
    return openSecret(name, secret, keyring);
  };
}
