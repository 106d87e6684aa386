import type { PoolConnection, ResultSetHeader } from 'mysql2/promise';
import type { RejectedRow } from '../../core/connector.js';
import type { Issue } from '../../core/issue.js';
import { recordIssue } from '../../core/issue.js';
import {
  changedValueWarnings,
  type RowContext,
  rowIssueFromMysqlError,
  rowIssueFromWarning,
  type Warning,
} from './row-issue.js';
import {
  deleteSql,
  insertSql,
  type Literals,
  rowCost,
  updateSql,
  type WriteShape,
} from './write-statements.js';

export type TargetMode = 'insert' | 'upsert' | 'update' | 'delete';

/** One row ready to write: its index in the request, its shape, and its escaped literals. */
export interface PlannedRow {
  readonly index: number;
  readonly shape: WriteShape;
  /** Same key for rows of the same shape (table, key, columns). */
  readonly shapeId: string;
  readonly literals: Literals;
  /** The literals' length in bytes, each with its separator, or a bound above it. */
  readonly bytes: number;
}

export interface WriteLimits {
  /** Bytes one statement may take (below max_allowed_packet). */
  readonly statementBytes: number;
  readonly rowsPerStatement: number;
}

export interface BatchContext {
  readonly mode: TargetMode;
  readonly rowContext: RowContext;
  readonly limits: WriteLimits;
  /** Set for an upsert whose table has other unique indexes: see insertSql. */
  readonly guard: string | undefined;
  /** The other unique indexes, for the message when the guard refuses a row. */
  readonly otherUniques: string;
}

/**
 * Writes planned rows inside the transaction the caller opened: consecutive rows of one shape
 * go in multi-row statements; a statement that fails on a row's values (or that makes the
 * server change a value) is undone to its savepoint and redone in smaller parts down to single
 * rows, so the bad rows come back as rejects and the rest are written. Any other failure is
 * thrown: the caller rolls the whole batch back. `rows` is read as the statements need it: the
 * next statement is planned and built while the server runs the current one, and is sent only
 * once the current one has its answer, so the rejects and the order stay as if one at a time.
 */
export async function writeRows(
  connection: PoolConnection,
  rows: Iterable<PlannedRow | RejectedRow>,
  context: BatchContext,
  signal: AbortSignal,
): Promise<{ written: number; rejected: RejectedRow[] }> {
  let written = 0;
  const rejected: RejectedRow[] = [];
  const statements = statementsOf(rows, context, rejected)[Symbol.iterator]();
  let current = statements.next();
  while (current.done !== true) {
    if (signal.aborted) throw signal.reason;
    const { chunk, sql } = current.value;
    await connection.query('SAVEPOINT syncline_0');
    const attempt = tryStatement(connection, sql, chunk.length, context);
    // Settled below; a failure while building the next statement must not leave it unhandled.
    attempt.catch(() => undefined);
    current = statements.next();
    if (await attempt) {
      written += chunk.length;
      continue;
    }
    await connection.query('ROLLBACK TO SAVEPOINT syncline_0');
    const outcome = await writeParts(connection, chunk, context, 1);
    written += outcome.written;
    rejected.push(...outcome.rejected);
  }
  return { written, rejected };
}

function statement(
  mode: TargetMode,
  shape: WriteShape,
  rows: readonly Literals[],
  guard: string | undefined,
): string {
  switch (mode) {
    case 'insert':
      return insertSql(shape, rows);
    case 'upsert':
      return insertSql(shape, rows, guard === undefined ? {} : { guard });
    case 'update':
      return updateSql(shape, rows);
    case 'delete':
      return deleteSql(shape, rows);
  }
}

/**
 * Consecutive rows of one shape, cut by statement size and row count (order is kept: later rows
 * win), each with its statement; the rows' rejects are added to `rejected` as they come.
 */
function* statementsOf(
  rows: Iterable<PlannedRow | RejectedRow>,
  context: BatchContext,
  rejected: RejectedRow[],
): Iterable<{ chunk: PlannedRow[]; sql: string }> {
  let chunk: PlannedRow[] = [];
  let bytes = 0;
  const cut = () => {
    const done = { chunk, sql: chunkSql(chunk, context) };
    chunk = [];
    bytes = 0;
    return done;
  };
  for (const row of rows) {
    if ('issue' in row) {
      rejected.push(row);
      continue;
    }
    const cost = rowCost(context.mode, row.shape, row.bytes);
    const isFull =
      chunk.length >= context.limits.rowsPerStatement ||
      bytes + cost > context.limits.statementBytes ||
      // MySQL's 65,535 placeholder limit does not bind text statements, but keeps them moderate.
      (chunk.length + 1) * row.literals.length > 65_535;
    if (chunk.length > 0 && (chunk[0]?.shapeId !== row.shapeId || isFull)) yield cut();
    chunk.push(row);
    bytes += cost;
  }
  if (chunk.length > 0) yield cut();
}

function chunkSql(rows: readonly PlannedRow[], context: BatchContext): string {
  const literals = rows.map((row) => row.literals);
  return statement(context.mode, (rows[0] as PlannedRow).shape, literals, context.guard);
}

/** Below this many rows a failed statement is redone row by row rather than halved. */
const rowByRowBelow = 8;

/**
 * Writes rows in one statement inside a savepoint. If the statement fails on a row's values,
 * makes the server change a value, or (update) matches fewer rows than it carries, it is undone
 * and the rows are written in two halves, and so on down to single rows, each in its own
 * savepoint: one bad row in a 1,000-row statement costs ~20 statements rather than 1,000, and
 * the outcome is the same as writing every row alone. Halves run in order, so a later row for
 * the same key still wins.
 */
async function writeChunk(
  connection: PoolConnection,
  rows: readonly PlannedRow[],
  context: BatchContext,
  depth: number,
): Promise<{ written: number; rejected: RejectedRow[] }> {
  if (rows.length === 1) return writeOne(connection, rows[0] as PlannedRow, context);
  const savepoint = `syncline_${depth}`;
  await connection.query(`SAVEPOINT ${savepoint}`);
  if (await tryStatement(connection, chunkSql(rows, context), rows.length, context)) {
    return { written: rows.length, rejected: [] };
  }
  await connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
  return writeParts(connection, rows, context, depth + 1);
}

/** The rows of a statement that was undone, in halves (or one by one when few), in order. */
async function writeParts(
  connection: PoolConnection,
  rows: readonly PlannedRow[],
  context: BatchContext,
  depth: number,
): Promise<{ written: number; rejected: RejectedRow[] }> {
  const half = Math.ceil(rows.length / 2);
  const parts =
    rows.length < rowByRowBelow ? rows.map((row) => [row]) : [rows.slice(0, half), rows.slice(half)];
  let written = 0;
  const rejected: RejectedRow[] = [];
  for (const part of parts) {
    const outcome = await writeChunk(connection, part, context, depth);
    written += outcome.written;
    rejected.push(...outcome.rejected);
  }
  return { written, rejected };
}

/**
 * Runs one multi-row statement: true when every row went in as sent; false when a row's values
 * failed it or changed, or (update) some row was not matched, so the caller undoes it and
 * splits. Any other failure is thrown.
 */
async function tryStatement(
  connection: PoolConnection,
  sql: string,
  count: number,
  context: BatchContext,
): Promise<boolean> {
  try {
    const [result] = await connection.query<ResultSetHeader>(sql);
    const changed = await changedValues(connection, result);
    // An update that matched fewer rows than it carries: some keys have no row (or repeat).
    const isShort = context.mode === 'update' && result.affectedRows < count;
    return changed.length === 0 && !isShort;
  } catch (error) {
    if (rowIssueFromMysqlError(error, context.rowContext) === undefined) throw error;
    return false;
  }
}

/** One row in its own savepoint: written, or rolled back and returned as an Issue. */
async function writeOne(
  connection: PoolConnection,
  row: PlannedRow,
  context: BatchContext,
): Promise<{ written: number; rejected: RejectedRow[] }> {
  const sql = statement(context.mode, row.shape, [row.literals], context.guard);
  await connection.query('SAVEPOINT syncline_row');
  let issue: Issue | undefined;
  try {
    const [result] = await connection.query<ResultSetHeader>(sql);
    const changed = (await changedValues(connection, result))[0];
    if (changed !== undefined) issue = rowIssueFromWarning(changed, context.rowContext);
    else if (context.mode === 'update' && result.affectedRows === 0) issue = notFound(row);
  } catch (error) {
    issue = rowIssueFromMysqlError(error, context.rowContext);
    if (issue === undefined) throw error;
    issue = explainGuard(issue, row, context);
  }
  if (issue === undefined) return { written: 1, rejected: [] };
  await connection.query('ROLLBACK TO SAVEPOINT syncline_row');
  return { written: 0, rejected: [{ index: row.index, issue }] };
}

/** Warnings that say the server stored something else than what was sent (rounded, cut). */
async function changedValues(connection: PoolConnection, result: ResultSetHeader): Promise<Warning[]> {
  if (!(result.warningStatus > 0)) return [];
  const [warnings] = await connection.query('SHOW WARNINGS');
  return changedValueWarnings(warnings as Warning[]);
}

/** The upsert guard refuses a row as "<guard> cannot be null": say what really happened. */
function explainGuard(issue: Issue, row: PlannedRow, context: BatchContext): Issue {
  if (context.guard === undefined || issue.code !== 'not-null' || issue.path !== context.guard) return issue;
  const guardIndex = row.shape.columns.indexOf(context.guard);
  if (row.literals[guardIndex] === 'NULL') return issue;
  return recordIssue(
    'duplicate-key',
    issue.path,
    `Another row already holds this row's value in a unique index (${context.otherUniques}); the row's key (${row.shape.key.join(', ')}) is new, so it was not written rather than overwriting that row`,
    { stage: 'write' },
  );
}

function notFound(row: PlannedRow) {
  const values = row.shape.key
    .map((k) => `${k}=${row.literals[row.shape.columns.indexOf(k)] ?? '?'}`)
    .join(', ');
  return recordIssue('row-not-found', row.shape.key[0] ?? '', `No row with ${values} to update`, {
    stage: 'write',
  });
}
