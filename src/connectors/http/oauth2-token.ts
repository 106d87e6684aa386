import type * as oauth from 'oauth4webapi';
import { IntegrationError } from '../../core/integration-error.js';
import type { HttpAuth } from './http-config.js';

type OAuth2Auth = Extract<HttpAuth, { type: 'oauth2' }>;

/** What the token request is sent with: the client's guarded, rate-limited transport. */
export type TokenFetch = (url: string, init: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>;

export interface OAuth2Token {
  /** A cached access token, fetched again shortly before it expires. */
  get(signal: AbortSignal): Promise<string>;
  /** Forgets `token` (the API answered 401 to it), so the next get fetches a new one. */
  invalidate(token: string): void;
}

/** OAuth2 client credentials (RFC 6749 4.4) with token caching and refresh before expiry. */
export function createOAuth2Token(
  auth: OAuth2Auth,
  system: string,
  fetchToken: TokenFetch,
  now: () => number = Date.now,
): OAuth2Token {
  const server: oauth.AuthorizationServer = {
    issuer: new URL(auth.tokenUrl).origin,
    token_endpoint: auth.tokenUrl,
  };
  const client: oauth.Client = { client_id: auth.clientId };
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const request = async (signal: AbortSignal): Promise<string> => {
    // Loaded on first use, like undici: the CLI should not pay for it when no flow needs a token.
    const oauth = await import('oauth4webapi');
    const clientAuth =
      auth.clientAuth === 'post'
        ? oauth.ClientSecretPost(auth.clientSecret)
        : oauth.ClientSecretBasic(auth.clientSecret);
    const parameters = new URLSearchParams(auth.scope === undefined ? {} : { scope: auth.scope });
    let status = 0;
    try {
      const response = await oauth.clientCredentialsGrantRequest(server, client, clientAuth, parameters, {
        [oauth.customFetch]: async (url, init) => {
          const answer = await fetchToken(url, init);
          status = answer.status;
          return answer;
        },
        [oauth.allowInsecureRequests]: server.token_endpoint?.startsWith('http:') === true,
        signal,
      });
      const result = await oauth.processClientCredentialsResponse(server, client, response);
      const started = now();
      const lifetime = (result.expires_in ?? 3600) * 1000;
      // Refresh a little before expiry (a fifth of the lifetime, at most 30 s) so no request
      // goes out with a token that dies on the way.
      cached = { token: result.access_token, refreshAt: started + lifetime - Math.min(30_000, lifetime / 5) };
      return result.access_token;
    } catch (error) {
      if (error instanceof IntegrationError || signal.aborted) throw error;
      throw tokenError(error, status, auth, system, oauth.ResponseBodyError);
    }
  };

  return {
    get(signal) {
      if (cached !== undefined && now() < cached.refreshAt) return Promise.resolve(cached.token);
      pending ??= request(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function tokenError(
  error: unknown,
  status: number,
  auth: OAuth2Auth,
  system: string,
  ResponseBodyError: typeof oauth.ResponseBodyError,
): IntegrationError {
  const detail =
    error instanceof ResponseBodyError
      ? `${error.error}${error.error_description ? ` (${error.error_description})` : ''}`
      : error instanceof Error
        ? error.message
        : String(error);
  const where = `the OAuth2 token endpoint ${auth.tokenUrl}`;
  if (status >= 500 || status === 429) {
    return new IntegrationError(`System "${system}": ${where} answered ${status}: ${detail}`, {
      kind: 'transient',
      code: 'http-token-unavailable',
      cause: error,
    });
  }
  return new IntegrationError(`System "${system}": ${where} refused client "${auth.clientId}": ${detail}`, {
    kind: 'config',
    code: 'http-auth-failed',
    hint: 'Check auth.clientId, auth.clientSecret and auth.scope, and whether the token endpoint expects the secret as HTTP Basic (clientAuth: basic) or form fields (clientAuth: post).',
    cause: error,
  });
}
