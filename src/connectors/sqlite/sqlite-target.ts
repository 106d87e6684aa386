import type Database from 'better-sqlite3';
import type {
  OpenContext,
  RejectedRow,
  Target,
  TargetOpenOptions,
  WriteMode,
  WriteRequest,
  WriteResult,
} from '../../core/connector.js';
import { recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { checkWriteMode, refuseView, uniqueKeyRequired } from '../sql-table-checks.js';
import { createKeyReader } from './create-key-reader.js';
import { describeTable, requireColumns, type TableInfo } from './describe-table.js';
import { describeSqliteShape } from './discover-sqlite.js';
import { findMissingKeys } from './find-missing-keys.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { SqliteConfig } from './sqlite-config.js';
import { rowIssueFromSqliteError, toSqliteError } from './sqlite-error.js';
import { type SqliteTargetOptions, sqliteTargetModes } from './sqlite-target-options.js';
import { toSqliteValue } from './sqlite-values.js';
import { writeSql } from './write-sql.js';

type SqliteMode = Exclude<(typeof sqliteTargetModes)[number], 'mirror'>;

interface Prepared {
  readonly statement: Database.Statement;
  readonly params: readonly string[];
}

type Planned = { readonly index: number; readonly prepared: Prepared; readonly values: unknown[] };

export async function openSqliteTarget(
  context: OpenContext<SqliteConfig>,
  request: TargetOpenOptions<SqliteTargetOptions>,
): Promise<Target> {
  const { system } = context;
  const db = openSqliteDatabase(context, 'write');
  try {
    const info = describeTable(db, system, request.options.table);
    const where = `System "${system}", table "${info.name}"`;
    refuseView(where, info.isView);
    const effectiveKey = (key: readonly string[]) => (key.length > 0 ? key : info.primaryKey);
    const checked = new Set<string>();
    const checkModeAndKey = (mode: WriteMode, key: readonly string[]): SqliteMode => {
      const id = `${mode}\u0000${key.join('\u0001')}`;
      if (!checked.has(id)) {
        checkKey(info, system, mode, key);
        checked.add(id);
      }
      return mode === 'mirror' ? 'upsert' : (mode as SqliteMode);
    };
    checkModeAndKey(request.mode, effectiveKey(request.key));

    const statements = new Map<string, Prepared>();
    const prepare = (mode: SqliteMode, key: readonly string[], columns: readonly string[]): Prepared => {
      const id = `${mode}\u0000${key.join('\u0001')}\u0000${columns.join('\u0001')}`;
      let prepared = statements.get(id);
      if (prepared === undefined) {
        // A new row shape: its columns are checked once, then the statement is reused.
        requireColumns(info, system, columns, 'column', 'write');
        const sql = writeSql(info.name, mode, key, columns);
        try {
          prepared = { statement: db.prepare(sql.sql), params: sql.params };
        } catch (error) {
          throw toSqliteError(error, `${where}: cannot prepare the ${mode}`, 'write');
        }
        if (statements.size > 256) statements.clear();
        statements.set(id, prepared);
      }
      return prepared;
    };

    const readRows = createKeyReader(db, info.name);

    async function write(batch: WriteRequest, signal: AbortSignal): Promise<WriteResult> {
      if (signal.aborted) throw signal.reason;
      const key = effectiveKey(batch.key);
      const mode = checkModeAndKey(batch.mode, key);
      const rejected: RejectedRow[] = [];
      const planned: Planned[] = [];
      batch.rows.forEach((row, index) => {
        const missing =
          mode === 'insert' ? undefined : key.find((k) => row[k] === null || row[k] === undefined);
        if (missing !== undefined) {
          const issue = recordIssue('key-missing', missing, `Key column "${missing}" has no value`, {
            stage: 'write',
          });
          rejected.push({ index, issue });
          return;
        }
        const columns = mode === 'delete' ? key : Object.keys(row).filter((c) => row[c] !== undefined);
        if (columns.length === 0) {
          rejected.push({
            index,
            issue: recordIssue('empty-row', '', 'The row has no values to write', { stage: 'write' }),
          });
          return;
        }
        const prepared = prepare(mode, key, columns);
        planned.push({ index, prepared, values: prepared.params.map((c) => toSqliteValue(row[c])) });
      });
      if (planned.length === 0) return { written: 0, rejected };

      let written = 0;
      try {
        // IMMEDIATE takes the write lock up front, so a busy database fails here, before any row.
        db.exec('BEGIN IMMEDIATE');
        for (const { index, prepared, values } of planned) {
          try {
            const result = prepared.statement.run(...values);
            if (mode === 'update' && result.changes === 0) {
              rejected.push({ index, issue: notFound(batch.rows[index] as Row, key) });
            } else {
              written++;
            }
          } catch (error) {
            // A failed statement undoes only itself; the batch's other rows stay in the transaction.
            const issue = rowIssueFromSqliteError(error);
            if (issue === undefined || !db.inTransaction) throw error;
            rejected.push({ index, issue });
          }
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw toSqliteError(error, `${where}: batch write failed`, 'write');
      }
      return { written, rejected: rejected.sort((a, b) => a.index - b.index) };
    }

    return {
      write,
      async describe() {
        return describeSqliteShape(db, system, info.name);
      },
      async readByKeys(keys: readonly Row[], key: readonly string[]) {
        const effective = effectiveKey(key);
        requireColumns(info, system, effective, 'key column', 'read');
        try {
          return readRows(keys, effective);
        } catch (error) {
          throw toSqliteError(error, `${where}: reading rows by key failed`, 'read');
        }
      },
      async findMissingKeys(seen, key) {
        const effective = effectiveKey(key);
        requireColumns(info, system, effective, 'key column', 'write');
        try {
          return findMissingKeys(db, info.name, seen, effective);
        } catch (error) {
          throw toSqliteError(error, `${where}: listing the rows the source no longer has failed`, 'write');
        }
      },
      async close() {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function checkKey(info: TableInfo, system: string, mode: WriteMode, key: readonly string[]): void {
  const where = `System "${system}", table "${info.name}"`;
  if (!checkWriteMode(where, 'sqlite', sqliteTargetModes, mode, key)) return;
  requireColumns(info, system, key, 'key column', 'write');
  if ((mode === 'upsert' || mode === 'mirror') && !info.uniqueKeys.some((unique) => sameSet(unique, key))) {
    throw uniqueKeyRequired(where, mode, info.name, key, quoteIdentifier);
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}

function notFound(row: Row, key: readonly string[]) {
  const values = key.map((k) => `${k}=${String(row[k])}`).join(', ');
  return recordIssue('row-not-found', key[0] ?? '', `No row with ${values} to update`, { stage: 'write' });
}
