import { createHash } from 'node:crypto';

/**
 * The Idempotency-Key of one write (docs/decisions/0007): a hash of the system, the request
 * (method and URL path) and the payload, so a retried write carries the same key and the API
 * can recognise it, while a different change to the same record gets a new key.
 */
export function idempotencyKey(
  system: string,
  method: string,
  path: string,
  body: string | undefined,
): string {
  const payload = createHash('sha256')
    .update(body ?? '')
    .digest('hex');
  return createHash('sha256')
    .update(JSON.stringify(['syncline/1', system, method.toUpperCase(), path, payload]))
    .digest('base64url');
}
