import type pg from 'pg';
import type { DiscoverRequest, OpenContext } from '../../core/connector.js';
import type { ColumnShape, TableShape } from '../../core/table-shape.js';
import { normaliseCharset } from '../../engine/target-limits/charset-check.js';
import { describeTable } from './describe-relation.js';
import { openPostgresPool } from './open-postgres-pool.js';
import type { PostgresConfig } from './postgres-config.js';

interface ColumnRow {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly has_default: boolean;
  readonly max_length: number | null;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly is_text: boolean;
}

/** The tables and views of the connection's schema (or those named) from PostgreSQL's catalog. */
export async function discoverPostgres(
  context: OpenContext<PostgresConfig>,
  request: DiscoverRequest,
): Promise<readonly TableShape[]> {
  const connection = await openPostgresPool(context);
  try {
    const { pool, address, schema } = connection;
    const names =
      request.tables.length > 0
        ? request.tables
        : (
            await pool.query<{ name: string }>(
              `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1`,
              [schema],
            )
          ).rows.map((row) => row.name);
    const shapes: TableShape[] = [];
    for (const name of names) {
      // describeTable resolves the name as a flow's would (any case) and explains a miss.
      const relation = await describeTable(pool, address, schema, name);
      shapes.push(await describePostgresShape(pool, relation.sql));
    }
    return shapes;
  } catch (error) {
    throw connection.failure(error, 'discovering tables', 'read');
  } finally {
    await connection.close();
  }
}

/** One relation, named as SQL (`"public"."customer"`). */
export async function describePostgresShape(
  db: pg.Pool | pg.PoolClient,
  relationSql: string,
): Promise<TableShape> {
  const [table, columns, primary, encoding] = await Promise.all([
    db.query<{ name: string; kind: string; estimate: number }>(
      'SELECT relname AS name, relkind AS kind, reltuples::float8 AS estimate FROM pg_class WHERE oid = $1::regclass',
      [relationSql],
    ),
    db.query<ColumnRow>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
              (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS has_default,
              CASE WHEN a.atttypid IN (1042, 1043) AND a.atttypmod > 4 THEN a.atttypmod - 4 END AS max_length,
              CASE WHEN a.atttypid = 1700 AND a.atttypmod > 4 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
              CASE WHEN a.atttypid = 1700 AND a.atttypmod > 4 THEN (a.atttypmod - 4) & 65535 END AS scale,
              t.typcategory = 'S' OR a.atttypid IN (114, 3802) AS is_text
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [relationSql],
    ),
    db.query<{ columns: string[] }>(
      `SELECT array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, o)
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.o)::text[] AS columns
         FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisprimary`,
      [relationSql],
    ),
    db.query<{ encoding: string }>(
      'SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
    ),
  ]);
  const found = table.rows[0];
  const charset = normaliseCharset(encoding.rows[0]?.encoding ?? 'UTF8');
  const estimate = found?.estimate ?? -1;
  return {
    name: found?.name ?? relationSql,
    kind: found?.kind === 'v' || found?.kind === 'm' ? 'view' : 'table',
    columns: columns.rows.map(
      (row): ColumnShape => ({
        name: row.name,
        type: row.type,
        nullable: row.nullable,
        hasDefault: row.has_default,
        ...(row.max_length === null ? {} : { maxLength: row.max_length }),
        ...(row.precision === null ? {} : { precision: row.precision, scale: row.scale ?? 0 }),
        ...(row.is_text ? { rejectsNul: true, ...(charset === undefined ? {} : { charset }) } : {}),
      }),
    ),
    primaryKey: primary.rows[0]?.columns ?? [],
    ...(estimate >= 0 ? { rows: Math.round(estimate) } : {}),
  };
}
