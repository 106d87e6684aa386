import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PoolOptions } from 'mysql2';
import type { OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { MysqlConfig } from './mysql-config.js';

/** Where a system's server is, for messages: never the password. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/** The mysql2 connection settings of a system's `connection:` block, and its endpoint. */
export function connectionOptions(context: OpenContext<MysqlConfig>): {
  endpoint: Endpoint;
  options: PoolOptions;
} {
  const { config, system } = context;
  const fromUrl = config.url === undefined ? undefined : parseUrl(config.url, system);
  const endpoint: Endpoint = {
    host: fromUrl?.host ?? config.host ?? '127.0.0.1',
    port: fromUrl?.port ?? config.port ?? 3306,
    user: fromUrl?.user ?? config.user ?? 'root',
    database: fromUrl?.database ?? config.database ?? '',
  };
  if (endpoint.database === '') {
    throw new IntegrationError(`System "${system}": the connection names no database`, {
      kind: 'config',
      code: 'connection-invalid',
      hint: 'End connection.url with /database, or set connection.database.',
    });
  }
  const ssl = fromUrl?.ssl ?? config.ssl;
  const options: PoolOptions = {
    ...endpoint,
    password: fromUrl?.password ?? config.password ?? '',
    connectTimeout: config.connectTimeout,
    ...(ssl === undefined || ssl === false ? {} : { ssl: tlsOptions(ssl, context) }),
  };
  return { endpoint, options };
}

interface UrlParts {
  host: string;
  port: number | undefined;
  user: string | undefined;
  password: string | undefined;
  database: string | undefined;
  ssl: boolean | undefined;
}

function parseUrl(text: string, system: string): UrlParts {
  // The URL holds the password: no message may quote it.
  const bad = (what: string) =>
    new IntegrationError(`System "${system}": connection.url ${what}`, {
      kind: 'config',
      code: 'connection-invalid',
      hint: 'Write it as mysql://user:password@host:3306/database, with special characters URL-encoded.',
    });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('is not a valid URL');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') throw bad('must start with mysql://');
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw bad('has a badly URL-encoded user or password');
    }
  };
  const sslParam = url.searchParams.get('ssl');
  return {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port === '' ? undefined : Number(url.port),
    user: url.username === '' ? undefined : decode(url.username),
    password: url.password === '' ? undefined : decode(url.password),
    database: url.pathname.length > 1 ? decode(url.pathname.slice(1)) : undefined,
    ssl: sslParam === null ? undefined : sslParam === 'true' || sslParam === 'required',
  };
}

function tlsOptions(ssl: NonNullable<MysqlConfig['ssl']>, context: OpenContext<MysqlConfig>) {
  if (ssl === true) return { rejectUnauthorized: true };
  if (ssl === false) return undefined;
  const options: { rejectUnauthorized: boolean; ca?: string } = {
    rejectUnauthorized: ssl.rejectUnauthorized,
  };
  if (ssl.ca !== undefined) {
    const path = resolve(context.baseDir, ssl.ca);
    try {
      options.ca = readFileSync(path, 'utf8');
    } catch (error) {
      throw new IntegrationError(`System "${context.system}": cannot read the CA file ${path}`, {
        kind: 'config',
        code: 'tls-ca-unreadable',
        hint: 'connection.ssl.ca is relative to the spec file.',
        cause: error,
      });
    }
  }
  return options;
}
