import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now, either way: replays older than this are refused. */
export const signatureToleranceSeconds = 5 * 60;

export interface SignedRequest {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  /** `v1,<base64>` entries separated by spaces (several during a secret rotation). */
  readonly signature: string | undefined;
  readonly body: Buffer;
}

/**
 * Standard Webhooks verification (docs/decisions/0013): HMAC-SHA256 over `id.timestamp.body`
 * with the shared secret (`whsec_` + base64 of the key bytes, or plain text), compared in
 * constant time, with the timestamp within 5 minutes of now. Returns why a request is refused,
 * or undefined when it is genuine.
 */
export function verifyWebhookSignature(
  request: SignedRequest,
  secret: string,
  nowSeconds: number,
): string | undefined {
  const { id, timestamp, signature, body } = request;
  if (!id || !timestamp || !signature)
    return 'webhook-id, webhook-timestamp and webhook-signature headers are required';
  if (!/^\d{1,12}$/.test(timestamp)) return 'webhook-timestamp is not a number of seconds';
  if (Math.abs(nowSeconds - Number(timestamp)) > signatureToleranceSeconds) {
    return 'webhook-timestamp is more than 5 minutes away from now';
  }
  const expected = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.`).update(body).digest();
  for (const entry of signature.split(' ')) {
    const [version, value] = entry.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  }
  return 'no v1 signature matches';
}

function keyOf(secret: string): Buffer {
  return secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');
}
