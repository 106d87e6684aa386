import { setImmediate as breathe } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { ColumnRange } from '../../core/column-range.js';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { decodePosition, type Position, type ReadIdentity } from '../keyset-checkpoint.js';
import { checkPageKeys, pagingKey, readKeysetPages } from '../keyset-paging.js';
import { describeTable, requireColumns, sameName } from './describe-table.js';
import { keysetQuery } from './keyset-query.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { quoteIdentifier } from './quote-identifier.js';
import { type RangeQueries, rangeQueries } from './range-queries.js';
import type { SqliteConfig } from './sqlite-config.js';
import { toSqliteError } from './sqlite-error.js';
import type { SqliteSourceOptions } from './sqlite-source-options.js';
import { fromSqliteRow, toSqliteValue } from './sqlite-values.js';

interface Statements {
  readonly first: Database.Statement;
  readonly after: Database.Statement;
}

export async function openSqliteSource(
  context: OpenContext<SqliteConfig>,
  request: SourceOpenOptions<SqliteSourceOptions>,
): Promise<Source> {
  const { system } = context;
  const { table, cursor, where } = request.options;
  const db = openSqliteDatabase(context, 'read');
  try {
    const info = describeTable(db, system, table);
    const key = pagingKey(request.key, info, system);
    requireColumns(info, system, key, 'key column', 'read');
    if (cursor !== undefined) requireColumns(info, system, [cursor], 'cursor column', 'read');
    const conditions = where === undefined ? [] : [where];
    const prepare = (sql: string) => {
      try {
        return db.prepare(sql).safeIntegers(true);
      } catch (error) {
        throw toSqliteError(error, `System "${system}", table "${info.name}": cannot read`, 'read');
      }
    };
    const queries = (order: readonly string[], extra: readonly string[]): Statements => {
      const q = keysetQuery(info.name, order, [...extra, ...conditions]);
      return { first: prepare(q.first), after: prepare(q.after) };
    };
    const c = cursor === undefined ? '' : quoteIdentifier(cursor);
    const main = cursor === undefined ? queries(key, []) : queries([cursor, ...key], [`${c} IS NOT NULL`]);
    const nullCursor = cursor === undefined ? main : queries(key, [`${c} IS NULL`]);

    const identity: ReadIdentity = { table: info.name, keyColumns: key, cursorColumn: cursor ?? null };
    /** One page after `position`, as rows; throws if a key is NULL or repeats within it. */
    const fetchPage = (position: Position, limit: number): Row[] => {
      const statements = position.phase === 'main' ? main : nullCursor;
      let fetched: Record<string, unknown>[];
      try {
        if (position.after === undefined) {
          fetched = statements.first.all(limit) as Record<string, unknown>[];
        } else {
          const params = position.after.map(toSqliteValue);
          fetched = statements.after.all(...params, limit) as Record<string, unknown>[];
        }
      } catch (error) {
        throw toSqliteError(error, `System "${system}", table "${info.name}": read failed`, 'read');
      }
      const page = fetched.map(fromSqliteRow);
      checkPageKeys(page, key, info.name, system);
      return page;
    };
    // better-sqlite3 is synchronous: let timers and I/O run between batches.
    const between = () => breathe();

    async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
      const start = decodePosition(from, identity, system, sameName);
      yield* readKeysetPages({ identity, batchSize: request.batchSize, fetchPage, between }, start, signal);
    }

    const ranged: RangeQueries = rangeQueries(info, key, conditions, prepare, (column) =>
      requireColumns(info, system, [column], 'backfill column', 'read'),
    );
    async function* readRange(ranges: readonly ColumnRange[], signal: AbortSignal): AsyncIterable<Batch> {
      const { statements, params } = ranged.page(ranges);
      const fetchRange = ({ after }: Position, limit: number): Row[] => {
        let fetched: Row[];
        try {
          const raw =
            after === undefined
              ? statements.first.all(...params.map(toSqliteValue), limit)
              : statements.after.all(...after.map(toSqliteValue), ...params.map(toSqliteValue), limit);
          fetched = (raw as Record<string, unknown>[]).map(fromSqliteRow);
        } catch (error) {
          throw toSqliteError(
            error,
            `System "${system}", table "${info.name}": backfill read failed`,
            'read',
          );
        }
        checkPageKeys(fetched, key, info.name, system);
        return fetched;
      };
      const byKey: ReadIdentity = { ...identity, cursorColumn: null };
      yield* readKeysetPages(
        { identity: byKey, batchSize: request.batchSize, fetchPage: fetchRange, between },
        { phase: 'main', after: undefined },
        signal,
      );
    }

    return {
      incremental: cursor !== undefined,
      read,
      readRange,
      rangeBounds: async (column, ranges) => ranged.bounds(column, ranges),
      async close() {
        if (db.open) db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
