import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The synchronizer token of a cookie session: derived from the session id (HMAC), so nothing
 * more is stored and it cannot be computed without the session id, which only the browser's
 * HttpOnly cookie holds. The dashboard gets it from login or /api/me and sends it back in the
 * `x-csrf-token` header on every state-changing request.
 */
export const csrfHeader = 'x-csrf-token';

export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('syncline-csrf').digest('base64url');
}

/** Constant-time: both sides are hashed to the same length before comparing. */
export function isCsrfTokenValid(sessionId: string, sent: unknown): boolean {
  if (typeof sent !== 'string' || sent === '') return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(csrfTokenOf(sessionId)), digest(sent));
}
