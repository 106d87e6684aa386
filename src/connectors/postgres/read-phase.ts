import type pg from 'pg';
import Cursor from 'pg-cursor';
import type { Row } from '../../core/row.js';
import { checkKeys } from './check-keys.js';
import type { PgColumn, PgRelation } from './describe-relation.js';
import { keysetSql } from './keyset-sql.js';
import type { PostgresPool } from './open-postgres-pool.js';
import type { ServerAddress } from './postgres-error.js';
import { losslessTypes } from './postgres-types.js';
import { isJsonType, toPgText } from './postgres-values.js';

/** A dead connection reports through its query; this only keeps a late socket error from crashing the process. */
const ignore = () => {};

/** One phase of a read (NULL cursors, or the main order): its ORDER BY and filters. */
export interface PhaseQuery {
  readonly order: readonly PgColumn[];
  /** The key columns: the tail of `order`. */
  readonly key: readonly string[];
  readonly conditions: readonly string[];
}

/** Hands out the ordered rows of one phase a batch at a time. */
export interface PhaseReader {
  /** The next batch (at most batchSize rows); `isLast` once the phase has no more. */
  next(): Promise<{ readonly rows: readonly Row[]; readonly isLast: boolean }>;
  close(): Promise<void>;
}

interface ReadScope {
  readonly connection: PostgresPool;
  readonly address: ServerAddress;
  readonly relation: PgRelation;
  readonly batchSize: number;
}

const positionParams = (order: readonly PgColumn[], after: readonly unknown[]) =>
  order.map((c, i) => toPgText(after[i], isJsonType(c.type)));

/**
 * Keyset pages: each batch is one `... > position ORDER BY ... LIMIT batchSize + 1` on any
 * pooled connection. The extra row shows whether the next page would begin with a duplicate
 * of this page's last key, which `>` would skip.
 */
export function openKeysetReader(
  scope: ReadScope,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
): PhaseReader {
  const { connection, address, relation, batchSize } = scope;
  const names = phase.order.map((c) => c.name);
  const first = keysetSql(relation.sql, phase.order, phase.conditions, false, true);
  const after = keysetSql(relation.sql, phase.order, phase.conditions, true, true);
  let position = start;
  let isDone = false;
  return {
    async next() {
      if (isDone) return { rows: [], isLast: true };
      let fetched: Row[];
      try {
        const result =
          position === undefined
            ? await connection.pool.query(first, [batchSize + 1])
            : await connection.pool.query(after, [...positionParams(phase.order, position), batchSize + 1]);
        fetched = result.rows as Row[];
      } catch (error) {
        throw connection.failure(error, `reading ${relation.label}`, 'read');
      }
      const isLast = fetched.length <= batchSize;
      if (!isLast)
        checkKeys(fetched.slice(batchSize - 1), undefined, phase.key, relation.label, address.system);
      const rows = isLast ? fetched : fetched.slice(0, batchSize);
      const last = rows[rows.length - 1];
      if (last !== undefined) position = names.map((n) => last[n]);
      isDone = isLast;
      return { rows, isLast };
    },
    async close() {},
  };
}

/**
 * One server-side cursor (pg-cursor) over the whole phase, fetched a batch at a time: the
 * query runs once. It holds one pooled connection, and its snapshot, until the phase ends or
 * the read stops.
 */
export function openCursorReader(
  scope: ReadScope,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
): PhaseReader {
  const { connection, relation, batchSize } = scope;
  const sql = keysetSql(relation.sql, phase.order, phase.conditions, start !== undefined, false);
  const params = start === undefined ? [] : positionParams(phase.order, start);
  let client: pg.PoolClient | undefined;
  let cursor: Cursor<Row> | undefined;
  let isDone = false;
  const close = async (failure?: unknown) => {
    const open = cursor;
    cursor = undefined;
    if (open !== undefined && failure === undefined) await open.close().catch(() => {});
    if (failure === undefined) client?.removeListener('error', ignore);
    client?.release(failure instanceof Error ? failure : undefined);
    client = undefined;
  };
  return {
    async next() {
      if (isDone) return { rows: [], isLast: true };
      try {
        if (client === undefined) {
          client = await connection.pool.connect();
          client.on('error', ignore);
          cursor = client.query(new Cursor<Row>(sql, params, { types: losslessTypes }));
        }
        const rows = await (cursor as Cursor<Row>).read(batchSize);
        isDone = rows.length < batchSize;
        if (isDone) await close();
        return { rows, isLast: isDone };
      } catch (error) {
        await close(error instanceof Error ? error : new Error(String(error)));
        throw connection.failure(error, `reading ${relation.label}`, 'read');
      }
    },
    close: () => close(),
  };
}
