import { readFileSync } from 'node:fs';
import { IntegrationError } from '../core/integration-error.js';

/**
 * The master keys that seal stored credentials. Each key has an id, stored beside every value
 * it sealed, so after a rotation old values stay readable while new ones use the new key.
 *   SYNCLINE_MASTER_KEYS=id1:BASE64,id2:BASE64   a keyring; the first key is the current one
 *   SYNCLINE_MASTER_KEY=BASE64                   one key (id from SYNCLINE_MASTER_KEY_ID, default k1)
 *   SYNCLINE_MASTER_KEY_FILE=path                a file with a keyring line or one key
 * Keys are 32 random bytes, base64: `openssl rand -base64 32`. Messages never show a key.
 */

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface Keyring {
  readonly current: MasterKey;
  readonly byId: ReadonlyMap<string, MasterKey>;
}

const keyIdPattern = /^[A-Za-z0-9._-]{1,40}$/;

export function loadKeyring(
  env: Readonly<Record<string, string | undefined>>,
  readFile: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): Keyring {
  if (env.SYNCLINE_MASTER_KEYS?.trim()) return parseKeyring(env.SYNCLINE_MASTER_KEYS, 'SYNCLINE_MASTER_KEYS');
  if (env.SYNCLINE_MASTER_KEY?.trim()) {
    const id = env.SYNCLINE_MASTER_KEY_ID?.trim() || 'k1';
    return parseKeyring(`${id}:${env.SYNCLINE_MASTER_KEY.trim()}`, 'SYNCLINE_MASTER_KEY');
  }
  const file = env.SYNCLINE_MASTER_KEY_FILE?.trim();
  if (file) {
    let text: string;
    try {
      text = readFile(file).trim();
    } catch {
      throw keyError(
        'master-key-missing',
        `The master key file ${file} (SYNCLINE_MASTER_KEY_FILE) cannot be read`,
      );
    }
    const id = env.SYNCLINE_MASTER_KEY_ID?.trim() || 'k1';
    return parseKeyring(text.includes(':') ? text.replace(/\s*\n\s*/g, ',') : `${id}:${text}`, file);
  }
  throw keyError(
    'master-key-missing',
    'No master key: stored secrets need SYNCLINE_MASTER_KEY, SYNCLINE_MASTER_KEYS or SYNCLINE_MASTER_KEY_FILE',
  );
}

function parseKeyring(text: string, where: string): Keyring {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index): MasterKey => {
      const at = entry.indexOf(':');
      const id = at < 0 ? '' : entry.slice(0, at).trim();
      if (!keyIdPattern.test(id)) {
        throw keyError(
          'master-key-invalid',
          `Key ${index + 1} in ${where} has no valid id (expected ID:BASE64)`,
        );
      }
      const key = Buffer.from(entry.slice(at + 1).trim(), 'base64');
      if (key.length !== 32) {
        throw keyError(
          'master-key-invalid',
          `Key "${id}" in ${where} is ${key.length} bytes after base64 decoding; it must be 32`,
        );
      }
      return { id, key };
    });
  const current = keys[0];
  if (current === undefined) throw keyError('master-key-missing', `${where} holds no key`);
  const byId = new Map<string, MasterKey>();
  for (const key of keys) {
    if (byId.has(key.id))
      throw keyError('master-key-invalid', `Key id "${key.id}" appears twice in ${where}`);
    byId.set(key.id, key);
  }
  return { current, byId };
}

function keyError(code: string, message: string): IntegrationError {
  return new IntegrationError(message, {
    kind: 'config',
    code,
    hint: 'generate a key with `openssl rand -base64 32`; see docs/access-control.md#stored-secrets',
  });
}
