import { setImmediate as breathe } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { decodePayload, encodePayload } from '../../core/encode-payload.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { describeTable, requireColumns, type TableInfo } from './describe-table.js';
import { keysetQuery } from './keyset-query.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import { quoteIdentifier } from './quote-identifier.js';
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

/** Where a read stands: the NULL-cursor rows first (SQLite sorts NULL lowest), then the rest. */
interface Position {
  readonly phase: 'null-cursor' | 'main';
  readonly after: readonly unknown[] | undefined;
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

    const fetchPage = (position: Position): Record<string, unknown>[] => {
      const statements = position.phase === 'main' ? main : nullCursor;
      try {
        if (position.after === undefined)
          return statements.first.all(request.batchSize) as Record<string, unknown>[];
        const params = position.after.map(toSqliteValue);
        return statements.after.all(...params, request.batchSize) as Record<string, unknown>[];
      } catch (error) {
        throw toSqliteError(error, `System "${system}", table "${info.name}": read failed`, 'read');
      }
    };

    /** The position after `row`, and the same as a JSON checkpoint (bigint and blob values tagged). */
    const positionAfter = (row: Row, phase: Position['phase']): [Position, Checkpoint] => {
      const keyValues = key.map((k) => row[k]);
      if (cursor === undefined) return [{ phase, after: keyValues }, encodePayload({ key: keyValues })];
      const cursorValue = phase === 'main' ? row[cursor] : null;
      const after = phase === 'main' ? [cursorValue, ...keyValues] : keyValues;
      return [{ phase, after }, encodePayload({ cursor: cursorValue, key: keyValues })];
    };

    async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
      let position = decodePosition(from, key.length, cursor !== undefined, system);
      while (true) {
        // Stop between batches only: a batch is either handed over whole or not at all.
        if (signal.aborted) throw signal.reason;
        const rows = fetchPage(position).map(fromSqliteRow);
        if (rows.length > 0) {
          checkKeys(rows, key, info.name, system);
          const [next, checkpoint] = positionAfter(rows[rows.length - 1] as Row, position.phase);
          position = next;
          yield { rows, checkpoint };
        }
        if (rows.length < request.batchSize) {
          if (position.phase === 'main') return;
          position = { phase: 'main', after: undefined };
        }
        // better-sqlite3 is synchronous: let timers and I/O run between batches.
        await breathe();
      }
    }

    return {
      incremental: cursor !== undefined,
      read,
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

function decodePosition(
  from: Checkpoint | undefined,
  keyLength: number,
  isIncremental: boolean,
  system: string,
): Position {
  if (from === undefined || from === null)
    return { phase: isIncremental ? 'null-cursor' : 'main', after: undefined };
  const decoded = decodePayload(from);
  const key = decoded.key;
  const fits = Array.isArray(key) && key.length === keyLength && (!isIncremental || 'cursor' in decoded);
  if (!fits) {
    throw new IntegrationError(
      `System "${system}": the saved checkpoint does not match the flow's key or cursor`,
      {
        kind: 'config',
        code: 'checkpoint-mismatch',
        stage: 'read',
        hint: "The from: block changed since the checkpoint was saved; reset the flow's checkpoint to read from the start.",
      },
    );
  }
  if (!isIncremental) return { phase: 'main', after: key };
  return decoded.cursor === null
    ? { phase: 'null-cursor', after: key }
    : { phase: 'main', after: [decoded.cursor, ...key] };
}

/**
 * Keyset pagination needs a non-null, unique key: a NULL never compares greater than a
 * position, and a duplicate falling on a page boundary would be skipped. Both are cheap to
 * spot in a sorted page, and stopping loudly beats losing rows silently.
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
      throw new IntegrationError(
        `System "${system}", table "${table}": key (${key.join(', ')}) is not unique: ${key.map((k) => String(row[k])).join(', ')} appears twice`,
        {
          kind: 'config',
          code: 'key-not-unique',
          stage: 'read',
          hint: 'Name column(s) in `key:` that identify a row uniquely.',
        },
      );
    }
    previous = row;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return a === b;
}
