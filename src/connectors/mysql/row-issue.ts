import { type Issue, recordIssue } from '../../core/issue.js';
import { driverError } from './mysql-error.js';

/**
 * Errors and warnings that are about one row's values (a constraint, a type, a length), as
 * Issues; anything else is not about the row and fails the whole batch.
 */

/** Error number -> Issue code. 4025 is MariaDB's CHECK failure, 3819 MySQL's. */
const rowErrno: Readonly<Record<number, string>> = {
  1062: 'duplicate-key',
  1048: 'not-null',
  1364: 'not-null',
  1263: 'not-null',
  1406: 'value-too-long',
  1264: 'out-of-range',
  1690: 'out-of-range',
  1292: 'invalid-value',
  1366: 'invalid-value',
  1265: 'invalid-value',
  1367: 'invalid-value',
  1411: 'invalid-value',
  3140: 'invalid-value',
  1452: 'foreign-key',
  1451: 'foreign-key',
  1216: 'foreign-key',
  1217: 'foreign-key',
  4025: 'check-failed',
  3819: 'check-failed',
  1644: 'rejected-by-trigger',
};

/** Warnings that mean the server stored something other than the value sent (rounded, cut). */
const changedValueCodes = new Set([1048, 1263, 1264, 1265, 1292, 1366, 1406]);

/** What the messages need to know about the table. */
export interface RowContext {
  /** "MariaDB" or "MySQL". */
  readonly server: string;
  readonly columns: readonly string[];
  /** Unique index name -> its columns. */
  readonly uniqueIndexes: ReadonlyMap<string, readonly string[]>;
}

export function rowIssueFromMysqlError(error: unknown, context: RowContext): Issue | undefined {
  const driver = driverError(error);
  const code = driver?.errno === undefined ? undefined : rowErrno[driver.errno];
  if (driver === undefined || code === undefined) return undefined;
  // MySQL 8 uses 4025 for a tablespace error, not a row's.
  if (driver.errno === 4025 && context.server !== 'MariaDB') return undefined;
  const reason = withoutRowNumber(driver.reason);
  return recordIssue(
    code,
    columnOf(driver.errno as number, driver.reason, context),
    `${context.server} refused the row: ${reason}`,
    {
      stage: 'write',
    },
  );
}

export interface Warning {
  readonly Level: string;
  readonly Code: number;
  readonly Message: string;
}

/** The warnings that mean a value was changed on the way in. */
export function changedValueWarnings(warnings: readonly Warning[]): Warning[] {
  return warnings.filter((w) => changedValueCodes.has(Number(w.Code)));
}

export function rowIssueFromWarning(warning: Warning, context: RowContext): Issue {
  const reason = withoutRowNumber(warning.Message);
  return recordIssue(
    'value-changed',
    columnOf(Number(warning.Code), warning.Message, context),
    `${context.server} would store a different value: ${reason}`,
    {
      stage: 'write',
      hint: 'The column cannot hold the value exactly (more decimals than its scale, say). Widen the column or round the value in the mapping.',
    },
  );
}

/** The column a message names, if it names one the table has. */
function columnOf(errno: number, message: string, context: RowContext): string {
  const known = (name: string | undefined) =>
    name !== undefined && context.columns.includes(name) ? name : undefined;
  if (errno === 1062) {
    // "... for key 'email'" (MariaDB) or "... for key 't.email'" (MySQL 8).
    const index = /for key '(?:[^']*\.)?([^'.]+)'$/.exec(message)?.[1];
    return (index === undefined ? undefined : context.uniqueIndexes.get(index)?.[0]) ?? '';
  }
  if (errno === 1452 || errno === 1451 || errno === 1216 || errno === 1217) {
    return known(/FOREIGN KEY \(`([^`]+)`/.exec(message)?.[1]) ?? '';
  }
  if (errno === 4025 || errno === 3819) {
    // MariaDB names a column's own CHECK (and a JSON column's json_valid) `table.column`.
    const name = /CONSTRAINT `(?:[^`]*\.)?([^`]+)` failed|constraint '([^']+)'/i.exec(message);
    return known(name?.[1] ?? name?.[2]) ?? '';
  }
  const column =
    /for column `[^`]*`\.`[^`]*`\.`([^`]+)`/.exec(message)?.[1] ??
    /(?:column|Column|Field) '([^']+)'/.exec(message)?.[1];
  return known(column) ?? '';
}

function withoutRowNumber(message: string): string {
  return message.replace(/ at row \d+$/, '');
}
