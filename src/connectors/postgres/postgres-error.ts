import { type ErrorKind, IntegrationError } from '../../core/integration-error.js';
import { type Issue, recordIssue } from '../../core/issue.js';
import type { Stage } from '../../core/stage.js';

/**
 * PostgreSQL failures, sorted into what the engine should do about them. Messages name the
 * system and the server (host:port/database) — never the password or the connection URL.
 */

/** What a node-postgres error carries: the server's SQLSTATE and fields, or a socket errno. */
interface PgErrorFields {
  readonly code?: string;
  readonly column?: string;
  readonly constraint?: string;
  readonly detail?: string;
  readonly table?: string;
}

export function sqlState(error: unknown): string | undefined {
  const code = (error as PgErrorFields | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

/** The connection is gone or never came: worth retrying on a new connection. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as PgErrorFields | undefined)?.code;
  if (typeof code === 'string' && networkCodes.has(code)) return true;
  const state = sqlState(error);
  if (state !== undefined) return /^(08|57P0[1-3])/.test(state) || state === '53300';
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout (expired|exceeded)|Client has encountered a connection error|not queryable|socket hang up/i.test(
    message,
  );
}

/** Where the system lives, for messages: `db.example.com:5432/crm`. */
export interface ServerAddress {
  readonly system: string;
  readonly server: string;
  readonly user: string | undefined;
}

/**
 * Wraps a failure; `what` says what was being done (`reading table "public.customer"`).
 * Row-level SQLSTATEs that reach here (a whole statement failed on data) are fatal for the
 * operation; the target turns them into per-row Issues before this.
 */
export function toPostgresError(
  error: unknown,
  address: ServerAddress,
  what: string,
  stage?: Stage,
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const { system, server, user } = address;
  const reason = error instanceof Error ? error.message : String(error);
  const state = sqlState(error);
  const make = (kind: ErrorKind, code: string, message: string, hint?: string) =>
    new IntegrationError(message, { kind, code, stage, cause: error, ...(hint ? { hint } : {}) });

  if (state === '28P01' || state === '28000') {
    return make(
      'config',
      'auth-failed',
      `System "${system}": PostgreSQL at ${server} refused the login of user "${user ?? '(default)'}": ${reason}`,
      `Check connection.user and connection.password of system "${system}" (and the secret reference the password comes from).`,
    );
  }
  if (state === '3D000') {
    return make(
      'config',
      'database-not-found',
      `System "${system}": PostgreSQL at ${server} has no such database: ${reason}`,
      `Check connection.database (or the database in connection.url) of system "${system}".`,
    );
  }
  if (state === '42501') {
    return make(
      'config',
      'permission-denied',
      `System "${system}": ${what}: ${reason}`,
      `Grant the privilege to user "${user ?? '(default)'}", or use a role that has it.`,
    );
  }
  if (state === '42P01') {
    return make('config', 'table-not-found', `System "${system}": ${what}: ${reason}`);
  }
  const socketCode = (error as PgErrorFields | undefined)?.code;
  if (isConnectionError(error)) {
    const isUnreachable =
      socketCode !== undefined &&
      networkCodes.has(socketCode) &&
      socketCode !== 'ECONNRESET' &&
      socketCode !== 'EPIPE';
    if (isUnreachable || /timeout (expired|exceeded)/i.test(reason)) {
      return make(
        'transient',
        'unreachable',
        `System "${system}": cannot reach PostgreSQL at ${server} (${socketCode ?? reason})`,
        `Check that the server is running and that connection.host/port of system "${system}" are right; syncline retries.`,
      );
    }
    return make(
      'transient',
      'connection-lost',
      `System "${system}": connection to ${server} lost while ${what}: ${reason}`,
    );
  }
  if (state !== undefined) {
    if (/^(40001|40P01|55P03|57014)$/.test(state)) {
      return make(
        'transient',
        'postgres-conflict',
        `System "${system}": ${what}: ${reason} (SQLSTATE ${state})`,
      );
    }
    if (/^(42|0A|2F|3F|428|44)/.test(state)) {
      return make('config', 'postgres-refused', `System "${system}": ${what}: ${reason} (SQLSTATE ${state})`);
    }
    if (/^(53|58)/.test(state)) {
      return make(
        'transient',
        'postgres-unavailable',
        `System "${system}": ${what}: ${reason} (SQLSTATE ${state})`,
      );
    }
  }
  return make(
    'fatal',
    'postgres-failed',
    `System "${system}": ${what}: ${reason}${state ? ` (SQLSTATE ${state})` : ''}`,
  );
}

const integrityCodes: Readonly<Record<string, string>> = {
  '23502': 'not-null',
  '23505': 'duplicate-key',
  '23503': 'foreign-key',
  '23514': 'check-failed',
  '23P01': 'exclusion',
};

/** Whether a failed statement failed on its data (class 22 or 23), so bad rows can be picked out. */
export function isRowError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && /^(22|23)/.test(state);
}

/** The Issue for one row the server refused on its own merits; `column` when found otherwise. */
export function rowIssueFromPostgresError(error: unknown, column?: string): Issue {
  const state = sqlState(error) ?? '';
  const fields = (error ?? {}) as PgErrorFields;
  const code = integrityCodes[state] ?? (state.startsWith('22') ? 'invalid-value' : 'constraint-failed');
  const reason = error instanceof Error ? error.message : String(error);
  const detail = fields.detail ? ` (${fields.detail})` : '';
  return recordIssue(
    code,
    fields.column ?? column ?? '',
    `PostgreSQL refused the row: ${reason}${detail} [SQLSTATE ${state}]`,
    {
      stage: 'write',
    },
  );
}
