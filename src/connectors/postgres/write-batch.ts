import type pg from 'pg';
import type { RejectedRow, WriteResult } from '../../core/connector.js';
import { recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { copyIntoTable } from './copy-into-table.js';
import { type CopyRows, copyLines, type TextRows } from './copy-lines.js';
import type { PgColumn, PgRelation } from './describe-relation.js';
import type { DirectCopyGate } from './direct-copy-gate.js';
import { mergeSql } from './merge-sql.js';
import type { PostgresPool } from './open-postgres-pool.js';
import { type Group, planBatch } from './plan-batch.js';
import { isRowError, rowIssueFromPostgresError, sqlState } from './postgres-error.js';
import { isJsonType, toPgText } from './postgres-values.js';
import { type Staged, stageAsArrays, stageByCopy } from './stage-rows.js';

export interface WriteScope {
  readonly connection: PostgresPool;
  readonly relation: PgRelation;
  /** `System "erp", table "public.clients"`, for messages. */
  readonly where: string;
  readonly bulkThreshold: number;
  /** Runs in the batch's transaction before COMMIT when no row was rejected (checkpointInTarget). */
  readonly beforeCommit?: ((client: pg.PoolClient) => Promise<void>) | undefined;
  /** Present when insert and upsert batches may COPY straight into the table first (decision 0043). */
  readonly directCopy?: DirectCopyGate | undefined;
}

/** A dead connection reports through its query; this only keeps a late socket error from crashing the process. */
const ignore = () => {};

type Mode = 'insert' | 'upsert' | 'update' | 'delete';

interface Prepared {
  readonly group: Group;
  readonly columns: readonly PgColumn[];
  /** The rows for COPY, turned into text value by value as the COPY streams. */
  readonly copy: CopyRows;
  /** The rows as text arrays, built on first use: array staging and locating bad values need them. */
  texts(): TextRows;
}

interface Tally {
  written: number;
  readonly rejected: RejectedRow[];
}

/**
 * Writes one batch in one transaction. First attempt: one set-based statement per group, no
 * savepoints (the common case costs BEGIN, the statements and COMMIT). If a row's data fails a
 * statement (SQLSTATE class 22 or 23), the attempt is rolled back and the batch redone with
 * savepoints, halving failing ranges down to single rows: k bad rows among n cost about
 * 2·k·log2(n) statements, and every good row is still written in this one transaction.
 */
export async function writeBatch(
  scope: WriteScope,
  rows: readonly Row[],
  mode: Mode,
  key: readonly string[],
): Promise<WriteResult> {
  const { relation, where } = scope;
  const plan = planBatch(
    rows,
    mode,
    key,
    relation.columns.map((c) => c.name),
    where,
  );
  const byName = new Map(relation.columns.map((c) => [c.name, c]));
  const prepared: Prepared[] = plan.groups.map((group) => {
    const columns = group.columns.map((name) => byName.get(name) as PgColumn);
    const json = columns.map((c) => isJsonType(c.type));
    const names = group.columns;
    const { entries } = group;
    const copy: CopyRows = {
      count: entries.length,
      width: names.length,
      text: (row, column) =>
        toPgText((entries[row] as Group['entries'][number]).row[names[column] as string], json[column]),
    };
    let texts: TextRows | undefined;
    return {
      group,
      columns,
      copy,
      texts: () => {
        texts ??= entries.map(({ row }) => names.map((name, i) => toPgText(row[name], json[i])));
        return texts;
      },
    };
  });
  if (prepared.length === 0) return { written: 0, rejected: plan.rejected };
  // A row refused before the statements means the batch is not whole: no checkpoint with it.
  const scoped = plan.rejected.length === 0 ? scope : { ...scope, beforeCommit: undefined };

  return withWriteClient(scope, async (client) => {
    let tally = canCopyDirectly(scoped, prepared, mode)
      ? await copyDirectly(client, scoped, prepared)
      : undefined;
    if (tally === undefined) {
      try {
        tally = await attempt(client, scoped, prepared, mode, key, false);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        if (!isRowError(error)) throw error;
        tally = await attempt(client, scoped, prepared, mode, key, true);
      }
    }
    const rejected = [...plan.rejected, ...tally.rejected].sort((a, b) => a.index - b.index);
    return { written: tally.written, rejected };
  });
}

/**
 * Runs `work` on a pooled connection of the target, and gives the connection back. On a
 * failure the transaction is rolled back, the connection dropped (a failed connection must not
 * go back to the pool; dropping any is simplest) and the error explained as a write failure.
 */
export async function withWriteClient<T>(
  scope: WriteScope,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const { connection, relation } = scope;
  let client: pg.PoolClient;
  try {
    client = await connection.pool.connect();
  } catch (error) {
    throw connection.failure(error, `writing ${relation.label}`, 'write');
  }
  client.on('error', ignore);
  try {
    const result = await work(client);
    client.removeListener('error', ignore);
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    client.release(error instanceof Error ? error : new Error(String(error)));
    throw connection.failure(error, `writing ${relation.label}`, 'write');
  }
}

/**
 * Inserting and upserting new keys need no staging: when every group is large enough for COPY
 * and the gate lets this batch try, the rows are copied straight into the table.
 */
function canCopyDirectly(scope: WriteScope, prepared: readonly Prepared[], mode: Mode): boolean {
  return (
    scope.directCopy !== undefined &&
    (mode === 'insert' || mode === 'upsert') &&
    scope.relation.copiesAsInsert &&
    prepared.every(({ copy }) => copy.count >= scope.bulkThreshold) &&
    scope.directCopy.shouldTry()
  );
}

/**
 * COPY of every group into the table, in one transaction (one COPY alone commits by itself).
 * When every key is new, that is exactly what the staged upsert would write. A row error — a
 * key already there, a value refused — rolls everything back and returns undefined: the batch
 * then takes the staged way, which writes the existing keys and singles out bad rows.
 */
async function copyDirectly(
  client: pg.PoolClient,
  scope: WriteScope,
  prepared: readonly Prepared[],
): Promise<Tally | undefined> {
  const parts = prepared.map(({ columns, copy }) => ({ columns, lines: copyLines(copy, false) }));
  if (!(await copyStraightIn(client, scope, parts))) return undefined;
  return { written: prepared.reduce((sum, { copy }) => sum + copy.count, 0), rejected: [] };
}

/**
 * COPYs each part into the table in one transaction and tells the direct COPY gate how it
 * went; false when the server refused a row (nothing written). The row path and the COPY text
 * lane (write-copy-text.ts) share it.
 */
export async function copyStraightIn(
  client: pg.PoolClient,
  scope: WriteScope,
  parts: readonly {
    readonly columns: readonly PgColumn[];
    readonly lines: Iterable<string | Buffer>;
    readonly binary?: boolean;
  }[],
): Promise<boolean> {
  const gate = scope.directCopy as DirectCopyGate;
  const alone = parts.length === 1 && scope.beforeCommit === undefined;
  try {
    if (!alone) await client.query('BEGIN');
    for (const { columns, lines, binary } of parts)
      await copyIntoTable(client, scope.relation.sql, columns, lines, binary);
    if (!alone) {
      await scope.beforeCommit?.(client);
      await client.query('COMMIT');
    }
  } catch (error) {
    if (!alone) await client.query('ROLLBACK').catch(() => {});
    if (!isRowError(error)) throw error;
    gate.failed();
    return false;
  }
  gate.succeeded();
  return true;
}

async function attempt(
  client: pg.PoolClient,
  scope: WriteScope,
  prepared: readonly Prepared[],
  mode: Mode,
  key: readonly string[],
  isCareful: boolean,
): Promise<Tally> {
  const tally: Tally = { written: 0, rejected: [] };
  // Statements without parameters share a round trip with the next one (BEGIN with CREATE of
  // the staging table, the last merge with COMMIT): the common batch costs three round trips,
  // not five, and each waits for the server to be scheduled on a busy machine.
  // Deferred constraints would otherwise fail at COMMIT, where no row can be singled out.
  let opening: string | undefined = isCareful ? 'BEGIN; SET CONSTRAINTS ALL IMMEDIATE' : 'BEGIN';
  let isCommitted = false;
  for (const [g, { group, columns, copy, texts }] of prepared.entries()) {
    let staged: Staged;
    if (copy.count >= scope.bulkThreshold) staged = await stageByCopy(client, copy, opening);
    else {
      if (opening !== undefined) await client.query(opening);
      staged = stageAsArrays(texts(), columns.length);
    }
    opening = undefined;
    const closing =
      !isCareful && g === prepared.length - 1 && scope.beforeCommit === undefined ? 'COMMIT' : undefined;
    const run = (lo: number, hi: number) =>
      runRange(client, scope, staged, group, columns, mode, key, lo, hi, tally, closing);
    const locate = (i: number) => findBadValue(client, columns, texts()[i] as readonly (string | null)[]);
    if (isCareful) await settle(client, run, locate, group, 0, copy.count, tally);
    else isCommitted = await run(0, copy.count);
  }
  if (isCommitted) return tally;
  if (tally.rejected.length === 0) await scope.beforeCommit?.(client);
  await client.query('COMMIT');
  return tally;
}

/**
 * Writes rows [lo, hi) of a group with one statement and adds the outcome to the tally. A
 * statement without parameters is sent with `closing` (COMMIT) in the same round trip: true
 * when that was done.
 */
async function runRange(
  client: pg.PoolClient,
  scope: WriteScope,
  staged: Staged,
  group: Group,
  columns: readonly PgColumn[],
  mode: Mode,
  key: readonly string[],
  lo: number,
  hi: number,
  tally: Tally,
  closing?: string,
): Promise<boolean> {
  const slice = staged.slice(lo, hi);
  const sql = mergeSql(scope.relation.sql, mode, key, columns, slice.sql);
  const isJoined = closing !== undefined && slice.params.length === 0;
  // Several statements in one query give one result each.
  const results = isJoined
    ? ((await client.query(`${sql}; ${closing}`)) as unknown as pg.QueryResult<{ ord: number }>[])
    : [await client.query<{ ord: number }>(sql, slice.params as unknown[])];
  const result = results[0] as pg.QueryResult<{ ord: number }>;
  if (mode !== 'update') {
    tally.written += hi - lo;
    return isJoined;
  }
  const found = new Set(result.rows.map((r) => r.ord));
  for (let i = lo; i < hi; i++) {
    if (found.has(i)) {
      tally.written++;
      continue;
    }
    const entry = group.entries[i] as Group['entries'][number];
    const values = key.map((k) => `${k}=${String(entry.row[k])}`).join(', ');
    tally.rejected.push({
      index: entry.index,
      issue: recordIssue('row-not-found', key[0] ?? '', `No row with ${values} to update`, {
        stage: 'write',
      }),
    });
  }
  return isJoined;
}

/** Runs [lo, hi) under a savepoint; on a data error, halves the range until the bad rows stand alone. */
async function settle(
  client: pg.PoolClient,
  run: (lo: number, hi: number) => Promise<unknown>,
  locate: (i: number) => Promise<string | undefined>,
  group: Group,
  lo: number,
  hi: number,
  tally: Tally,
): Promise<void> {
  if (lo >= hi) return;
  const before = { written: tally.written, rejected: tally.rejected.length };
  await client.query('SAVEPOINT syncline_range');
  try {
    await run(lo, hi);
    await client.query('RELEASE SAVEPOINT syncline_range');
    return;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT syncline_range');
    await client.query('RELEASE SAVEPOINT syncline_range');
    if (!isRowError(error)) throw error;
    tally.written = before.written;
    tally.rejected.length = before.rejected;
    if (hi - lo === 1) {
      const entry = group.entries[lo] as Group['entries'][number];
      // The server names the column for constraint failures, not for a value its type refuses.
      const column = sqlState(error)?.startsWith('22') && !hasColumn(error) ? await locate(lo) : undefined;
      tally.rejected.push({ index: entry.index, issue: rowIssueFromPostgresError(error, column) });
      return;
    }
  }
  const mid = lo + Math.ceil((hi - lo) / 2);
  await settle(client, run, locate, group, lo, mid, tally);
  await settle(client, run, locate, group, mid, hi, tally);
}

function hasColumn(error: unknown): boolean {
  return typeof (error as { column?: unknown }).column === 'string';
}

/** The first column whose value its type refuses, found by casting each value alone. */
async function findBadValue(
  client: pg.PoolClient,
  columns: readonly PgColumn[],
  values: readonly (string | null)[],
): Promise<string | undefined> {
  for (let i = 0; i < columns.length; i++) {
    const value = values[i];
    const column = columns[i] as PgColumn;
    if (value === null || value === undefined) continue;
    await client.query('SAVEPOINT syncline_value');
    try {
      await client.query(`SELECT $1::text::${column.type}`, [value]);
      await client.query('RELEASE SAVEPOINT syncline_value');
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT syncline_value');
      await client.query('RELEASE SAVEPOINT syncline_value');
      if (isRowError(error)) return column.name;
      throw error;
    }
  }
  return undefined;
}
