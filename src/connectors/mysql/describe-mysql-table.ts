import type { PoolConnection } from 'mysql2/promise';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Stage } from '../../core/stage.js';
import { requireTableColumns } from '../sql-table-checks.js';
import { driverError, toMysqlError } from './mysql-error.js';
import type { MysqlPool } from './open-mysql-pool.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { ColumnKind } from './to-mysql-value.js';

export interface MysqlColumn extends ColumnKind {
  readonly isNullable: boolean;
  /** Compared by a collation (CHAR, VARCHAR, TEXT, ENUM): 'a' may equal 'A' or 'a '. */
  readonly isCollated: boolean;
}

export interface UniqueIndex {
  readonly columns: readonly string[];
  /** Unique on a prefix of a column only (`UNIQUE (name(10))`). */
  readonly isPrefix: boolean;
}

/** What syncline needs to know about a table (or view) before reading or writing it. */
export interface MysqlTableInfo {
  /** The name as the schema spells it. */
  readonly name: string;
  readonly isView: boolean;
  /** Its engine has transactions (InnoDB); MyISAM and the like cannot roll a batch back. */
  readonly isTransactional: boolean;
  readonly columns: readonly MysqlColumn[];
  readonly columnNames: readonly string[];
  readonly column: ReadonlyMap<string, MysqlColumn>;
  readonly primaryKey: readonly string[];
  /** Unique indexes by name, the primary key as PRIMARY. */
  readonly uniqueIndexes: ReadonlyMap<string, UniqueIndex>;
}

type Rows = Record<string, unknown>[];

/** information_schema text, which MySQL 8 sometimes sends as binary. */
function text(value: unknown): string {
  return value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
}

export async function describeMysqlTable(
  pool: MysqlPool,
  table: string,
  stage: Stage,
): Promise<MysqlTableInfo> {
  const connection = await pool.acquire(stage);
  let failure: unknown;
  try {
    return await describe(connection, pool, table, stage);
  } catch (error) {
    failure = error;
    throw toMysqlError(error, 'cannot describe the table', stage, pool.place(table));
  } finally {
    pool.release(connection, failure);
  }
}

async function describe(
  connection: PoolConnection,
  pool: MysqlPool,
  table: string,
  stage: Stage,
): Promise<MysqlTableInfo> {
  const query = async (sql: string, values: unknown[] = []) =>
    (await connection.query(sql, values))[0] as Rows;
  const tables = await query(
    `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine
       FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME`,
  );
  const found = tables.find((t) => text(t.name) === table);
  if (found === undefined)
    throw await missingTable(
      connection,
      pool,
      table,
      tables.map((t) => text(t.name)),
      stage,
    );

  const columnRows = await query(
    `SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, IS_NULLABLE AS nullable, COLLATION_NAME AS collation
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
    [table],
  );
  const jsonColumns = pool.server === 'MariaDB' ? await mariadbJsonColumns(query, table) : new Set<string>();
  const columns: MysqlColumn[] = columnRows.map((row) => {
    const name = text(row.name);
    const dataType = text(row.dataType).toLowerCase();
    return {
      name,
      dataType,
      isJson: dataType === 'json' || jsonColumns.has(name),
      isNullable: text(row.nullable) === 'YES',
      isCollated: row.collation !== null && row.collation !== undefined,
    };
  });

  const indexRows = await query(
    `SELECT INDEX_NAME AS indexName, NON_UNIQUE AS nonUnique, COLUMN_NAME AS columnName, SUB_PART AS subPart
       FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
       ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
    [table],
  );
  const uniqueIndexes = new Map<string, UniqueIndex>();
  const unnamed = new Set<string>();
  for (const row of indexRows) {
    if (Number(row.nonUnique) !== 0) continue;
    const index = text(row.indexName);
    // A functional index part (MySQL 8) has no column: such an index cannot be named by columns.
    if (row.columnName === null) unnamed.add(index);
    const previous = uniqueIndexes.get(index) ?? { columns: [], isPrefix: false };
    uniqueIndexes.set(index, {
      columns: row.columnName === null ? previous.columns : [...previous.columns, text(row.columnName)],
      isPrefix: previous.isPrefix || (row.subPart !== null && row.subPart !== undefined),
    });
  }
  for (const index of unnamed) uniqueIndexes.set(index, { columns: [], isPrefix: true });

  const engine = found.engine === null || found.engine === undefined ? undefined : text(found.engine);
  const isView = text(found.type) === 'VIEW';
  const isTransactional =
    engine === undefined
      ? false
      : text(
          (
            await query('SELECT TRANSACTIONS AS t FROM information_schema.ENGINES WHERE ENGINE = ?', [engine])
          )[0]?.t,
        ) === 'YES';
  return {
    name: text(found.name),
    isView,
    isTransactional,
    columns,
    columnNames: columns.map((c) => c.name),
    column: new Map(columns.map((c) => [c.name, c])),
    primaryKey: uniqueIndexes.get('PRIMARY')?.columns ?? [],
    uniqueIndexes,
  };
}

/** MariaDB's JSON is LONGTEXT with a `json_valid(column)` CHECK constraint. */
async function mariadbJsonColumns(
  query: (sql: string, values: unknown[]) => Promise<Rows>,
  table: string,
): Promise<Set<string>> {
  const rows = await query(
    `SELECT CHECK_CLAUSE AS clause FROM information_schema.CHECK_CONSTRAINTS
       WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
    [table],
  );
  const names = new Set<string>();
  for (const row of rows) {
    const column = /^json_valid\(`((?:[^`]|``)+)`\)$/.exec(text(row.clause))?.[1];
    if (column !== undefined) names.add(column.replaceAll('``', '`'));
  }
  return names;
}

/**
 * information_schema lists only tables the user holds some privilege on, so a table missing
 * from it may exist: asking for it tells "no such table" from "not allowed".
 */
async function missingTable(
  connection: PoolConnection,
  pool: MysqlPool,
  table: string,
  names: readonly string[],
  stage: Stage,
): Promise<IntegrationError> {
  try {
    await connection.query(`SELECT 1 FROM ${quoteIdentifier(table)} LIMIT 0`);
  } catch (error) {
    if (driverError(error)?.errno !== 1146)
      return toMysqlError(error, 'cannot read', stage, pool.place(table));
  }
  const suggestion = didYouMean(table, names);
  return new IntegrationError(
    `System "${pool.system}" has no table "${table}" in database "${pool.endpoint.database}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
    {
      kind: 'config',
      code: 'table-not-found',
      stage,
      hint:
        names.length > 0
          ? `Tables the user "${pool.endpoint.user}" can see: ${names.join(', ')}.`
          : `The user "${pool.endpoint.user}" sees no tables in database "${pool.endpoint.database}".`,
    },
  );
}

/**
 * Checks that the named columns exist, spelt as the table spells them: rows are JavaScript
 * objects, so `Name` and `name` differ there even though MySQL would accept both.
 */
export function requireColumns(
  info: MysqlTableInfo,
  system: string,
  names: readonly string[],
  role: string,
  stage: Stage,
): void {
  requireTableColumns(info.name, info.columnNames, system, names, role, stage);
}

/** Whether no two rows can share these key values: a unique index on NOT NULL columns within the key. */
export function isKeyUnique(info: MysqlTableInfo, key: readonly string[]): boolean {
  for (const index of info.uniqueIndexes.values()) {
    if (index.isPrefix || index.columns.length === 0) continue;
    const isWithinKey = index.columns.every((c) => key.includes(c));
    const isNotNull = index.columns.every((c) => info.column.get(c)?.isNullable === false);
    if (isWithinKey && isNotNull) return true;
  }
  return false;
}
