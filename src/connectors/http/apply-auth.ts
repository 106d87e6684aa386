import { IntegrationError } from '../../core/integration-error.js';
import type { HttpAuth } from './http-config.js';
import type { OAuth2Token } from './oauth2-token.js';

/** What to add to one request for the configured auth; `token` is the OAuth2 token used, if any. */
export interface AppliedAuth {
  readonly headers: Readonly<Record<string, string>>;
  readonly token?: string;
}

export async function applyAuth(
  auth: HttpAuth | undefined,
  url: URL,
  oauth2: OAuth2Token | undefined,
  signal: AbortSignal,
): Promise<AppliedAuth> {
  switch (auth?.type) {
    case undefined:
      return { headers: {} };
    case 'api-key':
      if (auth.in === 'query') {
        url.searchParams.set(auth.name, auth.value);
        return { headers: {} };
      }
      return { headers: { [auth.name.toLowerCase()]: auth.value } };
    case 'basic': {
      const pair = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return { headers: { authorization: `Basic ${pair}` } };
    }
    case 'bearer':
      return { headers: { authorization: `Bearer ${auth.token}` } };
    case 'oauth2': {
      if (oauth2 === undefined) throw new Error('oauth2 auth without a token source');
      const token = await oauth2.get(signal);
      return { headers: { authorization: `Bearer ${token}` }, token };
    }
  }
}

/** Names the auth in messages, without its secret. */
export function describeAuth(auth: HttpAuth | undefined): string {
  switch (auth?.type) {
    case undefined:
      return 'no auth is configured (connection.auth)';
    case 'api-key':
      return `the API key (auth.value, sent in ${auth.in} "${auth.name}")`;
    case 'basic':
      return `the user name and password (auth.username "${auth.username}", auth.password)`;
    case 'bearer':
      return 'the bearer token (auth.token)';
    case 'oauth2':
      return `the OAuth2 client "${auth.clientId}" and its scope (auth.clientId, auth.clientSecret, auth.scope)`;
  }
}

/** 401/403: the credentials are wrong or lack a permission; retrying will not help. */
export function authFailure(
  system: string,
  status: number,
  url: URL,
  auth: HttpAuth | undefined,
  stage: 'read' | 'write',
): IntegrationError {
  const what =
    status === 401 ? 'refused the credentials (401 Unauthorized)' : 'denied access (403 Forbidden)';
  return new IntegrationError(`System "${system}": ${url.origin}${url.pathname} ${what}`, {
    kind: 'config',
    code: status === 401 ? 'http-unauthorized' : 'http-forbidden',
    stage,
    hint: `Check ${describeAuth(auth)}${status === 403 ? ', and that it may access this resource' : ''}.`,
  });
}
