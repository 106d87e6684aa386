import mysql, { type Pool, type PoolConnection } from 'mysql2/promise';
import type { OpenContext } from '../../core/connector.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Stage } from '../../core/stage.js';
import { connectionOptions, type Endpoint } from './connection-options.js';
import type { MysqlConfig } from './mysql-config.js';
import { type ErrorPlace, isConnectionBroken, toMysqlError } from './mysql-error.js';
import { readMysqlValue } from './read-mysql-value.js';

/**
 * Strict, so a value the column cannot hold is an error rather than a silent change; without
 * NO_BACKSLASH_ESCAPES and ANSI_QUOTES, so mysql2's literal escaping and our backtick quoting
 * mean what they say. Accepted as written by MariaDB 10.x and MySQL 8.
 */
const sqlMode =
  'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/**
 * mysql2's formatting, except that a statement without values goes out as it is: mysql2 would
 * scan every statement for `?` placeholders even with nothing to put in them, a cost that grew
 * with the multi-row statements of a bulk write (decision 0048).
 */
function formatQuery(sql: string, values: unknown): string {
  const isEmpty = values === undefined || (Array.isArray(values) && values.length === 0);
  return isEmpty ? sql : mysql.format(sql, values as Parameters<typeof mysql.format>[1]);
}

/** A small connection pool for one opened source or target, with every session set up alike. */
export interface MysqlPool {
  readonly system: string;
  readonly endpoint: Endpoint;
  /** "MariaDB" or "MySQL", for messages and the few places where the two differ. */
  readonly server: 'MariaDB' | 'MySQL';
  /** The server's max_allowed_packet: no statement may be longer. */
  readonly maxAllowedPacket: number;
  /** A connection whose session runs in UTC, utf8mb4 and strict mode; give it back with `release`. */
  acquire(stage: Stage): Promise<PoolConnection>;
  /** Returns a connection to the pool, or drops it when `error` broke it. */
  release(connection: PoolConnection, error?: unknown): void;
  place(table?: string): ErrorPlace;
  close(): Promise<void>;
}

export async function openMysqlPool(context: OpenContext<MysqlConfig>, stage: Stage): Promise<MysqlPool> {
  const { system, config } = context;
  const { endpoint, options } = connectionOptions(context);
  const pool: Pool = mysql.createPool({
    ...options,
    connectionLimit: config.poolSize,
    maxIdle: config.poolSize,
    idleTimeout: 60_000,
    enableKeepAlive: true,
    charset: 'utf8mb4',
    // DECIMAL stays the server's text; BIGINT is a number when safe, digits (-> bigint) otherwise.
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
    dateStrings: true,
    typeCast: readMysqlValue,
    multipleStatements: false,
    queryFormat: formatQuery,
  });
  const ready = new WeakSet<PoolConnection>();
  const session = [`time_zone = '+00:00'`, `sql_mode = '${sqlMode}'`, 'sql_notes = 1'];
  if (config.lockWaitTimeout !== undefined)
    session.push(`innodb_lock_wait_timeout = ${config.lockWaitTimeout}`);
  let server: 'MariaDB' | 'MySQL' | undefined;
  const place = (table?: string): ErrorPlace => ({
    system,
    endpoint,
    ...(server === undefined ? {} : { server }),
    ...(table === undefined ? {} : { table }),
  });

  const release = (connection: PoolConnection, error?: unknown) => {
    if (error !== undefined && isConnectionBroken(error)) connection.destroy();
    else connection.release();
  };
  const acquire = async (at: Stage): Promise<PoolConnection> => {
    let connection: PoolConnection;
    try {
      connection = await pool.getConnection();
    } catch (error) {
      throw toMysqlError(error, 'cannot connect', at, place());
    }
    if (ready.has(connection)) return connection;
    try {
      await connection.query(`SET SESSION ${session.join(', ')}`);
      ready.add(connection);
      return connection;
    } catch (error) {
      connection.destroy();
      throw toMysqlError(error, 'cannot set up the session', at, place());
    }
  };

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await pool.end().catch(() => undefined);
  };

  try {
    const first = await acquire(stage).catch(async (error: unknown) => {
      throw await withDatabaseSuggestion(error, options);
    });
    try {
      const [rows] = await first.query('SELECT VERSION() AS version, @@max_allowed_packet AS packet');
      const info = (rows as { version: string; packet: number | bigint }[])[0];
      server = /mariadb/i.test(info?.version ?? '') ? 'MariaDB' : 'MySQL';
      const maxAllowedPacket = Number(info?.packet ?? 4 * 1024 * 1024);
      release(first);
      return {
        system,
        endpoint,
        server,
        maxAllowedPacket,
        acquire,
        release,
        place,
        close,
      };
    } catch (error) {
      release(first, error);
      throw toMysqlError(error, 'cannot read the server version', stage, place());
    }
  } catch (error) {
    await close();
    throw error;
  }
}

/** An unknown database gets a did-you-mean among the ones the user can see. */
async function withDatabaseSuggestion(
  error: unknown,
  options: ReturnType<typeof connectionOptions>['options'],
): Promise<unknown> {
  if (!(error instanceof IntegrationError) || error.code !== 'database-not-found') return error;
  const wanted = options.database ?? '';
  try {
    const connection = await mysql.createConnection({ ...options, database: undefined });
    try {
      const [rows] = await connection.query('SHOW DATABASES');
      const names = (rows as Record<string, unknown>[]).map((row) => String(Object.values(row)[0]));
      const suggestion = didYouMean(wanted, names);
      const visible = names.filter((n) => !/^(information_schema|performance_schema|mysql|sys)$/.test(n));
      return new IntegrationError(
        `${error.message}${suggestion === undefined ? '' : ` — did you mean "${suggestion}"?`}`,
        {
          kind: 'config',
          code: error.code,
          stage: error.stage ?? 'read',
          hint: visible.length > 0 ? `Databases: ${visible.join(', ')}.` : error.hint,
          cause: error.cause,
        },
      );
    } finally {
      await connection.end();
    }
  } catch {
    return error;
  }
}
