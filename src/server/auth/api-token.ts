import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens: `sl_` + 32 random bytes (base64url), recognisable in logs and by secret
 * scanners. Only the SHA-256 is stored: a token has 256 bits of entropy, so a fast hash is
 * enough (no dictionary to guess from), and lookups stay one indexed query.
 */
export const tokenPrefix = 'sl_';

export interface IssuedToken {
  /** Shown once, never stored. */
  readonly token: string;
  readonly id: string;
  readonly hash: string;
}

export function issueToken(): IssuedToken {
  const token = tokenPrefix + randomBytes(32).toString('base64url');
  return { token, id: `tok-${randomBytes(4).toString('hex')}`, hash: sha256Hex(token) };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
