import Database from 'better-sqlite3';
import { type ErrorKind, IntegrationError } from '../../core/integration-error.js';
import { type Issue, recordIssue } from '../../core/issue.js';
import type { Stage } from '../../core/stage.js';

/** SQLite failures, sorted into what the engine should do about them. */

function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

/**
 * Whether another connection held a lock longer than the busy timeout: worth retrying. Shared
 * with the SQLite state store, so the connector and the store agree on what "busy" is.
 */
export function isSqliteBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(error) ?? '');
}

function kindOf(code: string): ErrorKind {
  if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR|PROTOCOL)/.test(code)) return 'transient';
  if (/^SQLITE_(CANTOPEN|NOTADB|READONLY|PERM|AUTH|ERROR)/.test(code)) return 'config';
  return 'fatal';
}

/** Wraps a statement-level failure; `what` says what was being done and to which system. */
export function toSqliteError(error: unknown, what: string, stage: Stage): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const code = sqliteCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const kind = code ? kindOf(code) : 'fatal';
  const isLock = isSqliteBusy(error);
  return new IntegrationError(`${what}: ${reason}`, {
    kind,
    code: isLock
      ? 'sqlite-busy'
      : kind === 'transient'
        ? 'sqlite-io'
        : kind === 'config'
          ? 'sqlite-error'
          : 'sqlite-failed',
    stage,
    cause: error,
    ...(isLock
      ? { hint: 'Another process holds a lock on the database; raise connection.busyTimeout if it persists.' }
      : {}),
  });
}

const rowCodes: Readonly<Record<string, string>> = {
  SQLITE_CONSTRAINT_NOTNULL: 'not-null',
  SQLITE_CONSTRAINT_UNIQUE: 'duplicate-key',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'duplicate-key',
  SQLITE_CONSTRAINT_CHECK: 'check-failed',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  SQLITE_CONSTRAINT_DATATYPE: 'type-mismatch',
  SQLITE_MISMATCH: 'type-mismatch',
  SQLITE_TOOBIG: 'value-too-big',
};

/**
 * The Issue for a row SQLite refused on its own merits (a constraint, a STRICT type), or
 * undefined when the failure is not about the row and the whole batch must fail.
 */
export function rowIssueFromSqliteError(error: unknown): Issue | undefined {
  const code = sqliteCode(error);
  if (code === undefined) return undefined;
  const mapped = rowCodes[code] ?? (code.startsWith('SQLITE_CONSTRAINT') ? 'constraint-failed' : undefined);
  if (mapped === undefined) return undefined;
  const message = (error as Error).message;
  return recordIssue(mapped, columnIn(message), `SQLite refused the row: ${message}`, { stage: 'write' });
}

/** "NOT NULL constraint failed: t.col", "... in INTEGER column t.col" → "col" (first one). */
function columnIn(message: string): string {
  const match = /(?:failed|column):? ((?:"[^"]+"|[^\s.,]+)\.(?:"[^"]+"|[^\s,]+))/.exec(message);
  const qualified = match?.[1];
  if (qualified === undefined) return '';
  const column = qualified.slice(qualified.indexOf('.') + 1);
  return column.replace(/^"|"$/g, '');
}
