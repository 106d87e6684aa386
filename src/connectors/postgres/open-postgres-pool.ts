import pg from 'pg';
import type { OpenContext } from '../../core/connector.js';
import type { IntegrationError } from '../../core/integration-error.js';
import type { Stage } from '../../core/stage.js';
import type { PostgresConfig } from './postgres-config.js';
import { isConnectionError, type ServerAddress, toPostgresError } from './postgres-error.js';
import { losslessTypes } from './postgres-types.js';
import { quoteIdentifier } from './quote-identifier.js';

/** An open connection pool to one system, with what messages need to name it. */
export interface PostgresPool {
  /** The current pool; replaced by discardConnections. */
  readonly pool: pg.Pool;
  /**
   * After a lost connection the pool's idle connections are most likely dead too (a server
   * restart, a network cut); the next query would fail on each in turn and use up the engine's
   * retries. This swaps in a fresh pool and lets the old one close once its clients return.
   */
  discardConnections(): void;
  /** Wraps a failure (see toPostgresError), first discarding the pool's connections if one was lost. */
  failure(error: unknown, what: string, stage?: Stage): IntegrationError;
  readonly address: ServerAddress;
  /** The schema for names given without one: connection.schema, else the session's current_schema(). */
  readonly schema: string;
  close(): Promise<void>;
}

/**
 * Opens a small pool (connection.poolSize) per source or target and checks, with one round
 * trip, that the server is reachable and the login works — so a wrong password or host fails
 * at open with a clear message, not in the middle of the first batch. Sessions run in UTC so
 * timestamps print the same whatever the server's time zone.
 */
export async function openPostgresPool(context: OpenContext<PostgresConfig>): Promise<PostgresPool> {
  const { config, system } = context;
  const address = describeAddress(config, system);
  const common: pg.PoolConfig = {
    application_name: 'syncline',
    max: config.poolSize,
    connectionTimeoutMillis: config.connectTimeout,
    idleTimeoutMillis: 10_000,
    types: losslessTypes,
    options: sessionOptions(config.schema),
    ...(config.ssl === undefined ? {} : { ssl: sslOption(config.ssl) }),
  };
  const settings: pg.PoolConfig =
    config.url !== undefined
      ? { ...common, connectionString: config.url }
      : {
          ...common,
          host: config.host,
          port: config.port,
          user: config.user,
          password: config.password,
          database: config.database,
        };
  const createPool = () => {
    const created = new pg.Pool(settings);
    // An idle connection that dies (server restart, network cut) is dropped by the pool; without
    // a listener the 'error' event would crash the process. The next checkout reconnects.
    created.on('error', () => {});
    return created;
  };
  let pool = createPool();
  let isClosed = false;
  const close = async () => {
    if (isClosed) return;
    isClosed = true;
    await pool.end();
  };
  const discardConnections = () => {
    if (isClosed) return;
    const old = pool;
    pool = createPool();
    old.end().catch(() => {});
  };
  try {
    const result = await pool.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    const schema = config.schema ?? result.rows[0]?.schema ?? 'public';
    return {
      get pool() {
        return pool;
      },
      discardConnections,
      failure(error, what, stage) {
        if (isConnectionError(error)) discardConnections();
        return toPostgresError(error, address, what, stage);
      },
      address,
      schema,
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw toPostgresError(error, address, 'connecting');
  }
}

/**
 * Startup options: UTC and ISO dates so values print the same on every server, and the
 * configured schema first on the search_path so a from: query's unqualified names find it.
 */
function sessionOptions(schema: string | undefined): string {
  const options = ['-c TimeZone=UTC', '-c DateStyle=ISO'];
  // In startup options a backslash escapes the next character; a space would end the value.
  if (schema !== undefined)
    options.push(`-c search_path=${quoteIdentifier(schema).replace(/[\\ ]/g, '\\$&')},public`);
  return options.join(' ');
}

function sslOption(mode: NonNullable<PostgresConfig['ssl']>): pg.PoolConfig['ssl'] {
  if (mode === 'disable') return false;
  return mode === 'require' ? { rejectUnauthorized: false } : { rejectUnauthorized: true };
}

/** host:port/database and the user, from the config — never the password or the URL itself. */
function describeAddress(config: PostgresConfig, system: string): ServerAddress {
  if (config.url === undefined) {
    return {
      system,
      server: `${config.host ?? 'localhost'}:${config.port}/${config.database ?? config.user ?? ''}`,
      user: config.user,
    };
  }
  try {
    const url = new URL(config.url);
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    const user = url.username ? decodeURIComponent(url.username) : undefined;
    return { system, server: `${url.hostname || 'localhost'}:${url.port || 5432}/${database}`, user };
  } catch {
    return { system, server: 'the server in connection.url', user: undefined };
  }
}
