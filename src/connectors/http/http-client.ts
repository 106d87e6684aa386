import type { OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import { createAddressGuard } from './address-guard.js';
import { applyAuth, authFailure } from './apply-auth.js';
import type { HttpConfig } from './http-config.js';
import { excerpt, toHttpFailure } from './http-failure.js';
import { createOAuth2Token, type OAuth2Token } from './oauth2-token.js';
import { openAgent } from './open-agent.js';
import { parseRetryAfter } from './retry-after.js';
import { delay, sharedTokenBucket } from './token-bucket.js';

export interface HttpRequest {
  readonly method: string;
  /** A path under baseUrl (`/customers`), or an absolute URL (a next link). */
  readonly url: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON text. */
  readonly body?: string;
  readonly stage: 'read' | 'write';
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** Where the answer came from, after redirects. */
  readonly url: URL;
}

export interface HttpClient {
  /**
   * Sends one request: rate budget, auth, SSRF guard, redirects, 429/503 retries. Returns any
   * other answer below 500 for the caller to judge; throws for 401/403 (config), for 5xx,
   * timeouts and connection failures (transient), and with the signal's reason on abort.
   */
  send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse>;
  /** The absolute URL of a path under baseUrl (for messages). */
  resolve(path: string): URL;
  close(): Promise<void>;
}

const maxRedirects = 5;

export async function openHttpClient(context: OpenContext<HttpConfig>): Promise<HttpClient> {
  const { system, config } = context;
  const base = new URL(config.baseUrl);
  const tokenUrl = config.auth?.type === 'oauth2' ? new URL(config.auth.tokenUrl) : undefined;
  const openapi =
    config.openapi !== undefined && /^https?:\/\//i.test(config.openapi)
      ? new URL(config.openapi)
      : undefined;
  const guard = createAddressGuard({
    system,
    allowHosts: config.allowHosts ?? [
      base.host,
      ...[tokenUrl, openapi].flatMap((url) => (url ? [url.host] : [])),
    ],
    allowLinkLocal: config.allowLinkLocal,
  });
  const { agent, tlsAlert } = await openAgent(context, guard.lookup);
  const { request } = await import('undici');
  const bucket =
    config.requestsPerSecond === undefined
      ? undefined
      : sharedTokenBucket(system, config.baseUrl, config.requestsPerSecond, config.burst);

  /** One HTTP exchange, no policy: guard, budget, undici. */
  const exchange = async (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    stage: 'read' | 'write',
    signal: AbortSignal,
  ) => {
    guard.checkUrl(url);
    await bucket?.take(signal);
    try {
      const answer = await request(url, {
        method: method as 'GET',
        headers,
        body,
        dispatcher: agent,
        signal,
      });
      const text = await answer.body.text();
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: answer.statusCode, headers: flat, text, url };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw toHttpFailure((await tlsAlert(error)) ?? error, system, url, stage);
    }
  };

  const oauth2: OAuth2Token | undefined =
    config.auth?.type === 'oauth2'
      ? createOAuth2Token(config.auth, system, async (url, init) => {
          const answer = await exchange(
            new URL(url),
            init.method,
            { ...init.headers },
            init.body === undefined ? undefined : String(init.body),
            'read',
            init.signal ?? new AbortController().signal,
          );
          return new Response(answer.status === 204 ? null : answer.text, {
            status: answer.status,
            headers: answer.headers,
          });
        })
      : undefined;

  const resolve = (target: string): URL => {
    if (/^https?:\/\//i.test(target)) return new URL(target);
    return new URL(`${config.baseUrl.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`);
  };

  const send = async (req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> => {
    signal.throwIfAborted();
    let url = resolve(req.url);
    for (const [name, value] of Object.entries(req.query ?? {})) url.searchParams.set(name, value);
    const method = req.method;
    const body = req.body;
    let redirects = 0;
    let retries = 0;
    let hasRefreshed = false;
    let hasResent = false;
    // Safe to send twice: the method is idempotent, or the request carries an idempotency key.
    const isRepeatable =
      !['POST', 'PATCH'].includes(method) ||
      Object.keys(req.headers ?? {}).some((h) => /idempotency/i.test(h));
    for (;;) {
      // Credentials go only to the API's own origin: never to a host a redirect or link names.
      const isOwnOrigin = url.origin === base.origin;
      const target = new URL(url);
      const auth = isOwnOrigin ? await applyAuth(config.auth, target, oauth2, signal) : { headers: {} };
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...lowerKeys(config.headers),
        ...lowerKeys(req.headers ?? {}),
        ...auth.headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      let answer: HttpResponse;
      try {
        answer = await exchange(target, method, headers, body, req.stage, signal);
      } catch (error) {
        // A kept-alive connection the server (or a proxy) dropped while idle fails at once;
        // one immediate resend on a fresh connection tells that apart from an outage.
        if (!isRepeatable || hasResent || !isDroppedConnection(error)) throw error;
        hasResent = true;
        continue;
      }
      const { status } = answer;
      const location = answer.headers.location;
      if (status >= 300 && status < 400 && location !== undefined && redirects < maxRedirects) {
        const mayFollow = method === 'GET' || status === 307 || status === 308;
        if (mayFollow) {
          redirects++;
          url = new URL(location, url);
          continue;
        }
      }
      if (status === 401 && auth.token !== undefined && !hasRefreshed) {
        // A token revoked or expired early: fetch a new one, once.
        oauth2?.invalidate(auth.token);
        hasRefreshed = true;
        continue;
      }
      if (status === 401 || status === 403) throw authFailure(system, status, url, config.auth, req.stage);
      if (status === 429 || status === 503) {
        const wait = parseRetryAfter(answer.headers['retry-after'], Date.now()) ?? backoff(retries);
        if (retries < config.retries && wait <= config.maxRetryWait) {
          retries++;
          await delay(wait, signal);
          continue;
        }
        throw new IntegrationError(
          `System "${system}": ${url.origin}${url.pathname} answered ${status} ${status === 429 ? '(too many requests)' : '(unavailable)'} after ${retries} retries${answer.headers['retry-after'] ? `; Retry-After: ${answer.headers['retry-after']}` : ''}`,
          {
            kind: 'transient',
            code: status === 429 ? 'http-rate-limited' : 'http-unavailable',
            stage: req.stage,
            hint: 'The batch is retried later. Lower connection.requestsPerSecond if the API keeps limiting.',
          },
        );
      }
      if (status >= 500) {
        throw new IntegrationError(
          `System "${system}": ${method} ${url.origin}${url.pathname} failed with ${status}: ${excerpt(answer.text)}`,
          { kind: 'transient', code: 'http-server-error', stage: req.stage },
        );
      }
      return { ...answer, url };
    }
  };

  return {
    send,
    resolve,
    async close() {
      await agent.close();
    },
  };
}

function isDroppedConnection(error: unknown): boolean {
  return (
    error instanceof IntegrationError &&
    error.code === 'http-unreachable' &&
    /ECONNRESET|EPIPE|UND_ERR_SOCKET|closed/.test(error.message)
  );
}

function backoff(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
