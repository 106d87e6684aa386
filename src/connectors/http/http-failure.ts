import { IntegrationError } from '../../core/integration-error.js';
import type { Stage } from '../../core/stage.js';

/** Turns what undici or node threw for one request into one IntegrationError (the signal's reason stays as it is). */
export function toHttpFailure(error: unknown, system: string, url: URL, stage: Stage): unknown {
  if (error instanceof IntegrationError) return error;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const where = `System "${system}": ${url.origin}`;
  if (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return new IntegrationError(`${where} did not answer in time (${message})`, {
      kind: 'transient',
      code: 'http-timeout',
      stage,
      hint: 'The API is slow or overloaded; raise connection.timeout if it is always this slow.',
      cause: error,
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new IntegrationError(`${where}: the host name "${url.hostname}" does not resolve`, {
      kind: code === 'ENOTFOUND' ? 'config' : 'transient',
      code: 'http-host-not-found',
      stage,
      hint: 'Check connection.baseUrl.',
      cause: error,
    });
  }
  if (isTlsFailure(code, message)) {
    return new IntegrationError(`${where}: the TLS handshake failed (${code ?? message})`, {
      kind: 'config',
      code: 'http-tls-failed',
      stage,
      hint: 'Check connection.tls: cert and key (the client certificate the server requires) and ca (the authority that signed the server certificate).',
      cause: error,
    });
  }
  return new IntegrationError(`${where} is unreachable (${code ?? message})`, {
    kind: 'transient',
    code: 'http-unreachable',
    stage,
    hint: 'Check that the API is up and reachable from here, and connection.baseUrl.',
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (current.cause === current) break;
  }
  return undefined;
}

function isTlsFailure(code: string | undefined, message: string): boolean {
  if (code === undefined) return /certificate|ssl|tls/i.test(message);
  return (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'EPROTO'
  );
}

/** The start of a response body for messages (bodies can be large; secrets are never in requests we log). */
export function excerpt(text: string, length = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
