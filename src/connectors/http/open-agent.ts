import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Agent, buildConnector } from 'undici';
import type { OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { AddressGuard } from './address-guard.js';
import type { HttpConfig } from './http-config.js';

export interface OpenedAgent {
  readonly agent: Agent;
  /** The TLS alert behind a connection closed under a request, if one arrived just before or after. */
  tlsAlert(error: unknown): Promise<Error | undefined>;
}

/**
 * The undici connection pool of one opened source or target: the SSRF guard's lookup, the
 * client certificate and CA (files relative to the spec), the timeouts.
 */
export async function openAgent(
  context: OpenContext<HttpConfig>,
  lookup: AddressGuard['lookup'],
): Promise<OpenedAgent> {
  // Loaded on first use: importing undici costs the CLI's start-up most of a second.
  const undici = await import('undici');
  const { config } = context;
  // Under TLS 1.3 a server that wants a client certificate refuses it after the handshake; the
  // alert can reach the socket around the moment undici reports "other side closed", so socket
  // TLS errors are kept to name the real cause.
  let lastTlsError: { error: Error; at: number } | undefined;
  const connector = undici.buildConnector({
    ...readTls(context),
    lookup,
    timeout: config.timeout,
  } as buildConnector.BuildOptions);
  const agent: Agent = new undici.Agent({
    connect: (options, callback) =>
      connector(options, (error, socket) => {
        socket?.on('error', (socketError: NodeJS.ErrnoException) => {
          if (/^ERR_SSL|^ERR_TLS/.test(socketError.code ?? ''))
            lastTlsError = { error: socketError, at: Date.now() };
        });
        (callback as (e: Error | null, s: typeof socket) => void)(error, socket);
      }),
    headersTimeout: config.timeout,
    bodyTimeout: config.timeout,
    connectTimeout: config.timeout,
  });
  return {
    agent,
    async tlsAlert(error) {
      if ((error as { code?: unknown }).code !== 'UND_ERR_SOCKET') return undefined;
      const failedAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const alert = lastTlsError;
      return alert !== undefined && failedAt - alert.at < 1000 ? alert.error : undefined;
    },
  };
}

/** Client certificate, key and CA from files relative to the spec. */
function readTls(context: OpenContext<HttpConfig>): Record<string, unknown> {
  const tls = context.config.tls;
  if (tls === undefined) return {};
  const read = (file: string | undefined, what: string) => {
    if (file === undefined) return undefined;
    const resolved = path.resolve(context.baseDir, file);
    try {
      return readFileSync(resolved);
    } catch (error) {
      throw new IntegrationError(`System "${context.system}": cannot read ${what} ${resolved}`, {
        kind: 'config',
        code: 'http-tls-file-not-found',
        hint: 'tls paths are relative to the spec file.',
        cause: error,
      });
    }
  };
  return {
    cert: read(tls.cert, 'the client certificate (tls.cert)'),
    key: read(tls.key, 'the client key (tls.key)'),
    ca: read(tls.ca, 'the CA certificate (tls.ca)'),
    passphrase: tls.passphrase,
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}
