import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IntegrationError } from '../core/integration-error.js';
import type { SealedSecret } from '../store/access-store.js';
import type { Keyring } from './master-keyring.js';

/**
 * AES-256-GCM with a random 96-bit IV per value and the 128-bit authentication tag. The
 * secret's name is the additional authenticated data, so a sealed value copied to another
 * name does not open. Errors name the secret and the key id, never the value.
 */

export function sealSecret(name: string, value: string, keyring: Keyring): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return {
    keyId: keyring.current.id,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

export function openSecret(name: string, sealed: SealedSecret, keyring: Keyring): string {
  const key = keyring.byId.get(sealed.keyId);
  if (key === undefined) {
    throw new IntegrationError(
      `Secret "${name}" is sealed with key "${sealed.keyId}", which is not in the keyring (has: ${[...keyring.byId.keys()].join(', ')})`,
      {
        kind: 'config',
        code: 'secret-key-unknown',
        hint: 'add the old key to SYNCLINE_MASTER_KEYS (id:base64, after the current one), or set the secret again',
      },
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const value = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return value.toString('utf8');
  } catch {
    throw new IntegrationError(
      `Secret "${name}" cannot be decrypted with key "${sealed.keyId}": the key is wrong or the stored value was altered`,
      {
        kind: 'config',
        code: 'secret-undecryptable',
        hint: `check that key "${sealed.keyId}" in SYNCLINE_MASTER_KEYS / SYNCLINE_MASTER_KEY is the one the secret was set with; otherwise set the secret again`,
      },
    );
  }
}
