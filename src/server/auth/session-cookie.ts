/**
 * The session cookie, read and written by hand: one cookie with a fixed name does not need a
 * cookie plugin, and the server can register its own plugins without clashing with ours.
 */
export const sessionCookieName = 'syncline_session';

/** The session cookie's value from a Cookie header, if present. */
export function readSessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === sessionCookieName) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/**
 * HttpOnly (no script can read it), SameSite=Strict (not sent on requests from other sites),
 * Secure over TLS, Path=/. Max-Age 0 clears it.
 */
export function sessionCookie(value: string, options: { maxAgeSeconds: number; secure: boolean }): string {
  return [
    `${sessionCookieName}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
