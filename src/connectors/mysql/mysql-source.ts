import { type ColumnRange, type RangeBounds, rangeConditions } from '../../core/column-range.js';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import { isIssue } from '../../core/issue.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { decodePosition, type Position, type ReadIdentity } from '../keyset-checkpoint.js';
import { checkPageKeys, pagingKey, readKeysetPages } from '../keyset-paging.js';
import {
  describeMysqlTable,
  isKeyUnique,
  type MysqlTableInfo,
  requireColumns,
} from './describe-mysql-table.js';
import { keysetQuery } from './keyset-query.js';
import type { MysqlConfig } from './mysql-config.js';
import { toMysqlError } from './mysql-error.js';
import type { MysqlSourceOptions } from './mysql-source-options.js';
import { type MysqlPool, openMysqlPool } from './open-mysql-pool.js';
import { quoteIdentifier } from './quote-identifier.js';
import { sqlLiteral } from './sql-literal.js';
import { type MysqlLiteral, toMysqlValue } from './to-mysql-value.js';

export { type MysqlSourceOptions, mysqlSourceOptions } from './mysql-source-options.js';

export async function openMysqlSource(
  context: OpenContext<MysqlConfig>,
  request: SourceOpenOptions<MysqlSourceOptions>,
): Promise<Source> {
  const { system } = context;
  const { table, cursor, where } = request.options;
  const pool = await openMysqlPool(context, 'read');
  try {
    const info = await describeMysqlTable(pool, table, 'read');
    const key = pagingKey(request.key, info, system);
    requireColumns(info, system, key, 'key column', 'read');
    if (cursor !== undefined) requireColumns(info, system, [cursor], 'cursor column', 'read');
    const conditions = where === undefined ? [] : [where];
    await checkReadable(pool, info.name, conditions);
    const c = cursor === undefined ? '' : quoteIdentifier(cursor);
    const mainOrder = cursor === undefined ? key : [cursor, ...key];
    const main = keysetQuery(
      info.name,
      mainOrder,
      cursor === undefined ? conditions : [`${c} IS NOT NULL`, ...conditions],
    );
    const nullCursor =
      cursor === undefined ? main : keysetQuery(info.name, key, [`${c} IS NULL`, ...conditions]);
    const orderOf = (phase: Position['phase']) => (phase === 'main' ? mainOrder : key);
    const phaseCondition = (phase: Position['phase']) =>
      cursor === undefined
        ? conditions
        : [`${c} ${phase === 'main' ? 'IS NOT NULL' : 'IS NULL'}`, ...conditions];

    const identity: ReadIdentity = { table: info.name, keyColumns: key, cursorColumn: cursor ?? null };
    // Under a collation 'a' = 'A' = 'a ', which JavaScript cannot see; unless an index makes
    // the key unique, the server is asked at each page boundary whether the last row repeats.
    const isUnique = isKeyUnique(info, key);
    const literals = (values: readonly unknown[], order: readonly string[]) =>
      values.map((value, i) => sqlLiteral(literal(info, order[i] as string, value)));
    const place = pool.place(info.name);

    /** One page (plus one row) after `position`; throws if a key repeats across its boundary. */
    const fetchPage = async (position: Position, limit: number): Promise<Row[]> => {
      const query = position.phase === 'main' ? main : nullCursor;
      const order = orderOf(position.phase);
      const sql =
        position.after === undefined
          ? query.first(limit)
          : query.after(literals(position.after, order), limit);
      const connection = await pool.acquire('read');
      let failure: unknown;
      try {
        const [rows] = await connection.query(sql);
        const page = rows as Row[];
        checkPageKeys(page, key, info.name, system, true);
        const last = page[limit - 2];
        const isCollated = order.some((o) => info.column.get(o)?.isCollated);
        if (!isUnique && isCollated && page.length === limit && last !== undefined) {
          const values = literals(
            order.map((o) => last[o]),
            order,
          );
          const match = order.map((o, i) => `${quoteIdentifier(o)} = ${values[i]}`);
          const all = [...match, ...phaseCondition(position.phase).map((x) => `(\n${x}\n)`)].join(' AND ');
          const [counted] = await connection.query(
            `SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${quoteIdentifier(info.name)} WHERE ${all} LIMIT 2) AS boundary`,
          );
          if (Number((counted as { n: number }[])[0]?.n) > 1)
            checkPageKeys([last, last], key, info.name, system, true);
        }
        return page;
      } catch (error) {
        failure = error;
        throw toMysqlError(error, 'read failed', 'read', place);
      } finally {
        pool.release(connection, failure);
      }
    };

    async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
      const start = decodePosition(from, identity, system);
      yield* readKeysetPages({ identity, batchSize: request.batchSize, fetchPage }, start, signal);
    }

    /** A chunk's conditions with its values spliced in as escaped literals, like positions. */
    const narrow = (ranges: readonly ColumnRange[]): readonly string[] => {
      for (const range of ranges) requireColumns(info, system, [range.column], 'backfill column', 'read');
      const { conditions: narrowed } = rangeConditions(ranges, quoteIdentifier, (_index, value, column) =>
        sqlLiteral(literal(info, column, value)),
      );
      return narrowed;
    };
    const query = async (sql: string): Promise<Row[]> => {
      const connection = await pool.acquire('read');
      let failure: unknown;
      try {
        const [rows] = await connection.query(sql);
        return rows as Row[];
      } catch (error) {
        failure = error;
        throw toMysqlError(error, 'backfill read failed', 'read', place);
      } finally {
        pool.release(connection, failure);
      }
    };

    async function* readRange(ranges: readonly ColumnRange[], signal: AbortSignal): AsyncIterable<Batch> {
      const paged = keysetQuery(info.name, key, [...narrow(ranges), ...conditions]);
      const fetchRange = async (position: Position, limit: number): Promise<Row[]> => {
        const { after } = position;
        const fetched = await query(
          after === undefined ? paged.first(limit) : paged.after(literals(after, key), limit),
        );
        checkPageKeys(fetched, key, info.name, system, true);
        return fetched;
      };
      const byKey: ReadIdentity = { ...identity, cursorColumn: null };
      yield* readKeysetPages(
        { identity: byKey, batchSize: request.batchSize, fetchPage: fetchRange },
        { phase: 'main', after: undefined },
        signal,
      );
    }

    async function rangeBounds(column: string, ranges: readonly ColumnRange[]): Promise<RangeBounds> {
      requireColumns(info, system, [column], 'backfill column', 'read');
      const c = quoteIdentifier(column);
      const all = [...narrow(ranges), ...conditions].map((x) => `(\n${x}\n)`);
      const [row] = await query(
        `SELECT MIN(${c}) AS min, MAX(${c}) AS max, COUNT(${c}) AS count FROM ${quoteIdentifier(info.name)}${all.length > 0 ? ` WHERE ${all.join(' AND ')}` : ''}`,
      );
      return { min: row?.min ?? null, max: row?.max ?? null, count: Number(row?.count ?? 0) };
    }

    return {
      incremental: cursor !== undefined,
      readAhead: true,
      read,
      readRange,
      rangeBounds,
      close: () => pool.close(),
    };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

/**
 * A SELECT of no rows, at open: it finds a missing SELECT privilege (information_schema also
 * shows tables the user may only write) and a `where:` the server cannot parse, before any run.
 */
async function checkReadable(pool: MysqlPool, table: string, conditions: readonly string[]): Promise<void> {
  const connection = await pool.acquire('read');
  let failure: unknown;
  try {
    const where = conditions.length > 0 ? ` WHERE ${conditions.map((c) => `(\n${c}\n)`).join(' AND ')}` : '';
    await connection.query(`SELECT * FROM ${quoteIdentifier(table)}${where} LIMIT 0`);
  } catch (error) {
    failure = error;
    throw toMysqlError(error, 'cannot read', 'read', pool.place(table));
  } finally {
    pool.release(connection, failure);
  }
}

function literal(info: MysqlTableInfo, column: string, value: unknown): MysqlLiteral {
  const kind = info.column.get(column) ?? { name: column, dataType: '', isJson: false };
  const converted = toMysqlValue(value, kind);
  if (isIssue(converted)) {
    throw new IntegrationError(
      `Table "${info.name}": the saved position holds an unusable value: ${converted.message}`,
      {
        kind: 'fatal',
        code: 'checkpoint-invalid',
        stage: 'read',
      },
    );
  }
  return converted;
}
