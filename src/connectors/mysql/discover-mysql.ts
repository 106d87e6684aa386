import type { DiscoverRequest, OpenContext } from '../../core/connector.js';
import type { ColumnShape, TableShape } from '../../core/table-shape.js';
import { normaliseCharset } from '../../engine/target-limits/charset-check.js';
import { describeMysqlTable } from './describe-mysql-table.js';
import type { MysqlConfig } from './mysql-config.js';
import { toMysqlError } from './mysql-error.js';
import { type MysqlPool, openMysqlPool } from './open-mysql-pool.js';

type Rows = Record<string, unknown>[];

/** information_schema text, which MySQL 8 sometimes sends as binary. */
function text(value: unknown): string {
  return value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
}

function count(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

/** The tables and views of the connection's database (or those named) from information_schema. */
export async function discoverMysql(
  context: OpenContext<MysqlConfig>,
  request: DiscoverRequest,
): Promise<readonly TableShape[]> {
  const pool = await openMysqlPool(context, 'read');
  try {
    const names =
      request.tables.length > 0
        ? request.tables
        : ((
            await query(
              pool,
              'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1',
            )
          ).map((row) => text(row.name)) as string[]);
    const shapes: TableShape[] = [];
    for (const name of names) shapes.push(await describeMysqlShape(pool, name));
    return shapes;
  } finally {
    await pool.close();
  }
}

/** One table; the name is checked (and a miss explained) by describeMysqlTable. */
export async function describeMysqlShape(pool: MysqlPool, table: string): Promise<TableShape> {
  const info = await describeMysqlTable(pool, table, 'read');
  const [columns, tables] = await Promise.all([
    query(
      pool,
      `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt,
              EXTRA AS extra, CHARACTER_MAXIMUM_LENGTH AS maxLength, CHARACTER_SET_NAME AS charset,
              NUMERIC_PRECISION AS numPrecision, NUMERIC_SCALE AS numScale, DATA_TYPE AS dataType
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
      [info.name],
    ),
    query(
      pool,
      'SELECT TABLE_ROWS AS estimate FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [info.name],
    ),
  ]);
  const estimate = count(tables[0]?.estimate);
  return {
    name: info.name,
    kind: info.isView ? 'view' : 'table',
    columns: columns.map((row): ColumnShape => {
      const dataType = text(row.dataType).toLowerCase();
      const maxLength = count(row.maxLength);
      const charset =
        row.charset === null || row.charset === undefined ? undefined : normaliseCharset(text(row.charset));
      const extra = text(row.extra ?? '').toLowerCase();
      const exact = dataType === 'decimal' || dataType === 'numeric';
      return {
        name: text(row.name),
        type: text(row.type),
        nullable: text(row.nullable) === 'YES',
        // MariaDB prints a missing default as the text NULL, MySQL as SQL NULL.
        hasDefault:
          (row.dflt !== null && row.dflt !== undefined && text(row.dflt) !== 'NULL') ||
          extra.includes('auto_increment') ||
          extra.includes('generated'),
        // TEXT types report their byte limit; only (VAR)CHAR lengths are characters.
        ...(maxLength !== undefined && /char$/.test(dataType) ? { maxLength } : {}),
        ...(charset === undefined ? {} : { charset }),
        ...(exact ? { precision: count(row.numPrecision) ?? 10, scale: count(row.numScale) ?? 0 } : {}),
      };
    }),
    primaryKey: info.primaryKey,
    ...(estimate === undefined ? {} : { rows: estimate }),
  };
}

async function query(pool: MysqlPool, sql: string, values: unknown[] = []): Promise<Rows> {
  const connection = await pool.acquire('read');
  let failure: unknown;
  try {
    return (await connection.query(sql, values))[0] as Rows;
  } catch (error) {
    failure = error;
    throw toMysqlError(error, 'cannot read the catalog', 'read', pool.place());
  } finally {
    pool.release(connection, failure);
  }
}
