import { setImmediate as breathe } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { ColumnRange } from '../../core/column-range.js';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { decodePosition, type Position, positionAfter, type ReadIdentity } from '../keyset-checkpoint.js';
import { describeTable, requireColumns, sameName, type TableInfo } from './describe-table.js';
import { keysetQuery } from './keyset-query.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { quoteIdentifier } from './quote-identifier.js';
import { type RangeQueries, rangeQueries } from './range-queries.js';
import type { SqliteConfig } from './sqlite-config.js';
import { toSqliteError } from './sqlite-error.js';
import { fromSqliteRow, toSqliteValue } from './sqlite-values.js';

export const sqliteSourceOptions = z.strictObject({
  table: z.string().min(1).describe('Table or view to read.'),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe('Column that grows with every change (updated_at, a sequence); makes the flow incremental.'),
  where: z
    .string()
    .min(1)
    .optional()
    .describe(
      'SQL condition rows must meet, e.g. "status <> \'draft\'". It is SQL: keep it in the spec, never in data.',
    ),
});
export type SqliteSourceOptions = z.infer<typeof sqliteSourceOptions>;

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
    const key = request.key.length > 0 ? request.key : requirePrimaryKey(info, system);
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
    // One row more than a batch: it shows whether the next page would start at a duplicate of
    // this page's last key, which `> last key` would skip.
    const limit = request.batchSize + 1;
    const fetchPage = (position: Position): Record<string, unknown>[] => {
      const statements = position.phase === 'main' ? main : nullCursor;
      try {
        if (position.after === undefined) return statements.first.all(limit) as Record<string, unknown>[];
        const params = position.after.map(toSqliteValue);
        return statements.after.all(...params, limit) as Record<string, unknown>[];
      } catch (error) {
        throw toSqliteError(error, `System "${system}", table "${info.name}": read failed`, 'read');
      }
    };

    async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
      let position = decodePosition(from, identity, system, sameName);
      while (true) {
        // Stop between batches only: a batch is either handed over whole or not at all.
        if (signal.aborted) throw signal.reason;
        const fetched = fetchPage(position).map(fromSqliteRow);
        checkKeys(fetched, key, info.name, system);
        const isPhaseEnd = fetched.length <= request.batchSize;
        const rows = isPhaseEnd ? fetched : fetched.slice(0, request.batchSize);
        const last = rows[rows.length - 1];
        if (last !== undefined) {
          const keyValues = key.map((k) => last[k]);
          const cursorValue = cursor === undefined ? undefined : last[cursor];
          const [next, checkpoint] = positionAfter(identity, position.phase, keyValues, cursorValue);
          position = next;
          yield { rows, checkpoint };
        }
        if (isPhaseEnd) {
          if (position.phase === 'main') return;
          position = { phase: 'main', after: undefined };
        }
        // better-sqlite3 is synchronous: let timers and I/O run between batches.
        await breathe();
      }
    }

    const ranged: RangeQueries = rangeQueries(info, key, conditions, prepare, (column) =>
      requireColumns(info, system, [column], 'backfill column', 'read'),
    );
    async function* readRange(ranges: readonly ColumnRange[], signal: AbortSignal): AsyncIterable<Batch> {
      const { statements, params } = ranged.page(ranges);
      const byKey: ReadIdentity = { ...identity, cursorColumn: null };
      let after: readonly unknown[] | undefined;
      while (true) {
        if (signal.aborted) throw signal.reason;
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
        checkKeys(fetched, key, info.name, system);
        const rows = fetched.length <= request.batchSize ? fetched : fetched.slice(0, request.batchSize);
        const last = rows[rows.length - 1];
        if (last !== undefined) {
          after = key.map((k) => last[k]);
          yield { rows, checkpoint: positionAfter(byKey, 'main', after, undefined)[1] };
        }
        if (fetched.length <= request.batchSize) return;
        await breathe();
      }
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

function requirePrimaryKey(info: TableInfo, system: string): readonly string[] {
  if (info.primaryKey.length > 0) return info.primaryKey;
  throw new IntegrationError(
    `System "${system}": ${info.isView ? 'view' : 'table'} "${info.name}" has no primary key to page by`,
    {
      kind: 'config',
      code: 'key-required',
      stage: 'read',
      hint: "Add `key:` to the flow's from: block, naming the column(s) that identify a row uniquely.",
    },
  );
}

/**
 * Keyset pagination needs a non-null, unique key: a NULL never compares greater than a
 * position, and a duplicate falling on a page boundary would be skipped. Both are cheap to
 * spot in a sorted page (fetched with one row beyond the batch, so the boundary is inside it),
 * and stopping loudly beats losing rows silently.
 */
function checkKeys(rows: readonly Row[], key: readonly string[], table: string, system: string): void {
  let previous: Row | undefined;
  for (const row of rows) {
    for (const k of key) {
      if (row[k] === null) {
        throw new IntegrationError(
          `System "${system}", table "${table}": key column "${k}" is NULL in a row`,
          {
            kind: 'config',
            code: 'key-null',
            stage: 'read',
            hint: 'Choose key columns that are never NULL (the primary key, usually).',
          },
        );
      }
    }
    if (previous !== undefined && key.every((k) => sameValue(row[k], (previous as Row)[k]))) {
      const value = key.map((k) => `${k} = ${formatValue(row[k])}`).join(', ');
      throw new IntegrationError(
        `System "${system}", table "${table}": key (${key.join(', ')}) is not unique: ${value} is in more than one row`,
        {
          kind: 'config',
          code: 'key-not-unique',
          stage: 'read',
          hint: 'Paging by a key that repeats would skip rows. Name column(s) in `key:` that identify a row uniquely (the primary key, usually).',
        },
      );
    }
    previous = row;
  }
}

/** A key value as SQL would spell it: 'text', 42, x'00ff'. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  return String(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return a === b;
}
