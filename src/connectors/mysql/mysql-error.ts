import { type ErrorKind, IntegrationError } from '../../core/integration-error.js';
import type { Stage } from '../../core/stage.js';
import type { Endpoint } from './connection-options.js';

/** MySQL and MariaDB failures, sorted into what the engine should do about them. */

/** The parts of a mysql2 error (or a Node socket error) that say what happened. */
export interface DriverError {
  readonly code: string | undefined;
  readonly errno: number | undefined;
  /** The server's own text, without the driver's prefix. */
  readonly reason: string;
}

export function driverError(error: unknown): DriverError | undefined {
  if (!(error instanceof Error) || error instanceof IntegrationError) return undefined;
  const fields = error as Error & { code?: unknown; errno?: unknown; sqlMessage?: unknown };
  if (fields.code === undefined && fields.errno === undefined) return undefined;
  return {
    code: typeof fields.code === 'string' ? fields.code : undefined,
    // Socket errors carry a negative errno (-111); only server error numbers are positive.
    errno: typeof fields.errno === 'number' && fields.errno > 0 ? fields.errno : undefined,
    reason: typeof fields.sqlMessage === 'string' ? fields.sqlMessage : error.message,
  };
}

/** Where the failure happened, for the message. */
export interface ErrorPlace {
  readonly system: string;
  readonly endpoint: Endpoint;
  /** "MariaDB" or "MySQL" once known. */
  readonly server?: string;
  readonly table?: string;
}

interface Described {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

const transientErrno: Readonly<Record<number, string>> = {
  1205: 'lock-timeout',
  1213: 'deadlock',
  1040: 'too-many-connections',
  1053: 'server-shutdown',
  1077: 'server-shutdown',
  1317: 'query-interrupted',
  1927: 'connection-lost',
  1969: 'statement-timeout',
  3024: 'statement-timeout',
  4031: 'connection-lost',
};

const connectionCodes: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  PROTOCOL_CONNECTION_LOST: 'connection-lost',
  PROTOCOL_SEQUENCE_TIMEOUT: 'connection-timeout',
  ETIMEDOUT: 'connection-timeout',
  EHOSTUNREACH: 'host-unreachable',
  ENETUNREACH: 'host-unreachable',
  EHOSTDOWN: 'host-unreachable',
  ENETDOWN: 'host-unreachable',
  EAI_AGAIN: 'host-unreachable',
};

/** Whether the connection can no longer be trusted and must not go back to the pool. */
export function isConnectionBroken(error: unknown): boolean {
  // Our own refusals (a missing table) leave the connection as good as it was.
  if (error instanceof IntegrationError) return error.cause !== undefined && isConnectionBroken(error.cause);
  const driver = driverError(error);
  if (driver === undefined) return true;
  const fatal = (error as { fatal?: unknown }).fatal === true;
  return fatal || (driver.code !== undefined && driver.code in connectionCodes);
}

/** Wraps a failure of a whole operation; `what` says what was being done ("batch write failed"). */
export function toMysqlError(
  error: unknown,
  what: string,
  stage: Stage,
  place: ErrorPlace,
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const driver = driverError(error);
  const described = driver === undefined ? undefined : describe(driver, place);
  const reason = driver?.reason ?? (error instanceof Error ? error.message : String(error));
  const where =
    place.table === undefined
      ? `System "${place.system}"`
      : `System "${place.system}", table "${place.table}"`;
  if (described === undefined) {
    // "Can't add new command when connection is in closed state": the socket went away.
    const isClosed = /closed state|connection.*(?:lost|closed)/i.test(reason);
    return new IntegrationError(`${where}: ${what}: ${reason}`, {
      kind: isClosed ? 'transient' : 'fatal',
      code: isClosed ? 'connection-lost' : 'mysql-failed',
      stage,
      cause: error,
    });
  }
  return new IntegrationError(described.message, {
    kind: described.kind,
    code: described.code,
    stage,
    cause: error,
    ...(described.hint === undefined ? {} : { hint: described.hint }),
  });
}

function describe(driver: DriverError, place: ErrorPlace): Described | undefined {
  const { system, endpoint, table } = place;
  // Before the login completes the server's make is not known.
  const server = place.server === undefined ? 'server' : `${place.server} server`;
  const make = place.server ?? 'MySQL';
  const at = `${endpoint.host}:${endpoint.port}`;
  const where = table === undefined ? `System "${system}"` : `System "${system}", table "${table}"`;
  const reason = driver.reason;
  const connection = driver.code === undefined ? undefined : connectionCodes[driver.code];
  if (connection !== undefined) {
    return {
      kind: 'transient',
      code: connection,
      message: `System "${system}": cannot reach the ${server} at ${at}: ${connectionText(driver.code as string, reason)}`,
      hint: `Check that the server is running and reachable, and the host and port in systems.${system}.connection.`,
    };
  }
  if (driver.code === 'ENOTFOUND') {
    return {
      kind: 'config',
      code: 'host-not-found',
      message: `System "${system}": host "${endpoint.host}" is not known (DNS)`,
      hint: `Check the host in systems.${system}.connection.`,
    };
  }
  if (
    driver.code !== undefined &&
    /^(HANDSHAKE_|ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(driver.code)
  ) {
    return {
      kind: 'config',
      code: 'tls-failed',
      message: `System "${system}": TLS with the server at ${at} failed: ${reason}`,
      hint: `Check connection.ssl of system "${system}" (ca, rejectUnauthorized) and the server's certificate.`,
    };
  }
  const errno = driver.errno;
  if (errno === undefined) return undefined;
  const transient = transientErrno[errno];
  if (transient !== undefined) {
    return { kind: 'transient', code: transient, message: `${where}: ${reason}` };
  }
  switch (errno) {
    case 1045:
    case 1251:
    case 1698:
      return {
        kind: 'config',
        code: 'auth-failed',
        message: `System "${system}": the ${server} at ${at} refused the login of user "${endpoint.user}" (${reason})`,
        hint: `Check the user and password of system "${system}" (connection.user/password or the url), and that the user may connect from this host.`,
      };
    case 1044:
      return {
        kind: 'config',
        code: 'permission-denied',
        message: `System "${system}": user "${endpoint.user}" may not use database "${endpoint.database}" (${reason})`,
        hint: `Grant the user access: GRANT SELECT, INSERT, UPDATE, DELETE ON \`${endpoint.database}\`.* TO '${endpoint.user}'@'%';`,
      };
    case 1049:
      return {
        kind: 'config',
        code: 'database-not-found',
        message: `System "${system}": the ${server} at ${at} has no database "${endpoint.database}"`,
        hint: `Check the database in systems.${system}.connection.`,
      };
    case 1142:
    case 1143:
    case 1227:
      return permissionDenied(driver, place);
    case 1146:
      return {
        kind: 'config',
        code: 'table-not-found',
        message: `${where}: ${reason}`,
        hint: 'The table was dropped or renamed while the flow ran.',
      };
    case 1054:
      return { kind: 'config', code: 'column-not-found', message: `${where}: ${reason}` };
    case 1064:
      return {
        kind: 'config',
        code: 'sql-syntax',
        message: `${where}: the server could not parse the query: ${reason}`,
        hint: 'Check the where: condition of the flow; it is SQL.',
      };
    case 1290:
    case 1836:
      return {
        kind: 'config',
        code: 'read-only',
        message: `${where}: the server is read-only: ${reason}`,
        hint: 'Point the system at the primary server, not a replica.',
      };
    default:
      return {
        kind: 'fatal',
        code: 'mysql-failed',
        message: `${where}: ${reason} (${make} error ${errno})`,
      };
  }
}

function connectionText(code: string, reason: string): string {
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT' || code === 'PROTOCOL_SEQUENCE_TIMEOUT') return 'timed out';
  if (code === 'PROTOCOL_CONNECTION_LOST' || code === 'ECONNRESET' || code === 'EPIPE')
    return 'the connection was lost';
  return reason;
}

/** "SELECT command denied to user 'u'@'localhost' for table `db`.`t`" -> user, privilege, table. */
function permissionDenied(driver: DriverError, place: ErrorPlace): Described {
  const { system, endpoint } = place;
  const match = /^(\w+) command denied to user '([^']*)'@'([^']*)' for (?:table|column) (.+)$/i.exec(
    driver.reason,
  );
  const privilege = match?.[1]?.toUpperCase();
  // MariaDB and newer MySQL write `db`.`t`, MySQL 8.0 before 8.0.3x 't'.
  const table = match?.[4]?.replace(/[`']/g, '').split('.').at(-1) ?? place.table;
  if (privilege === undefined || table === undefined) {
    return {
      kind: 'config',
      code: 'permission-denied',
      message: `System "${system}": user "${endpoint.user}" lacks a privilege: ${driver.reason}`,
      hint: 'Ask the database administrator for the privilege named above.',
    };
  }
  return {
    kind: 'config',
    code: 'permission-denied',
    message: `System "${system}": user "${endpoint.user}" lacks the ${privilege} privilege on table "${table}" (${driver.reason})`,
    hint: `Grant it: GRANT ${privilege} ON \`${endpoint.database}\`.\`${table}\` TO '${match?.[2]}'@'${match?.[3]}';`,
  };
}
