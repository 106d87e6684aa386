import type Database from 'better-sqlite3';
import type { DiscoverRequest, OpenContext } from '../../core/connector.js';
import {
  type ColumnShape,
  declaredLength,
  declaredPrecision,
  type TableShape,
} from '../../core/table-shape.js';
import { describeTable } from './describe-table.js';
import { openSqliteDatabase } from './open-sqlite-database.js';
import type { SqliteConfig } from './sqlite-config.js';

interface ColumnRow {
  readonly name: string;
  readonly type: string;
  readonly notnull: number | bigint;
  readonly dflt_value: string | null;
  readonly pk: number | bigint;
  readonly hidden: number | bigint;
}

/**
 * The tables and views of a SQLite file. SQLite does not enforce a declared `VARCHAR(40)`,
 * but the declaration is what the applications on the database were written for, so it is
 * taken as the column's limit.
 */
export async function discoverSqlite(
  context: OpenContext<SqliteConfig>,
  request: DiscoverRequest,
): Promise<readonly TableShape[]> {
  const db = openSqliteDatabase(context, 'read');
  try {
    const names =
      request.tables.length > 0
        ? request.tables.map((table) => describeTable(db, context.system, table).name)
        : db
            .prepare<[], { name: string }>(
              "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
            )
            .all()
            .map((row) => row.name);
    return names.map((name) => describeSqliteShape(db, context.system, name));
  } finally {
    db.close();
  }
}

export function describeSqliteShape(db: Database.Database, system: string, table: string): TableShape {
  const info = describeTable(db, system, table);
  const rows = db
    .prepare<[string], ColumnRow>(
      'SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)',
    )
    .all(info.name)
    .filter((c) => Number(c.hidden) !== 1);
  const rowidAlias = info.primaryKey.length === 1 ? rows.find((c) => Number(c.pk) === 1) : undefined;
  const columns = rows.map((row): ColumnShape => {
    const isRowid = row === rowidAlias && /^integer$/i.test(row.type.trim());
    const length = declaredLength(row.type);
    const numeric = declaredPrecision(row.type);
    return {
      name: row.name,
      type: row.type === '' ? 'any' : row.type,
      nullable: Number(row.notnull) === 0 && !isRowid,
      hasDefault: row.dflt_value !== null || isRowid || Number(row.hidden) > 1,
      ...(length === undefined ? {} : { maxLength: length }),
      ...(numeric ?? {}),
    };
  });
  const count = info.isView
    ? undefined
    : (db.prepare(`SELECT count(*) AS n FROM "${info.name.replaceAll('"', '""')}"`).get() as { n: number }).n;
  return {
    name: info.name,
    kind: info.isView ? 'view' : 'table',
    columns,
    primaryKey: info.primaryKey,
    ...(count === undefined ? {} : { rows: Number(count) }),
  };
}
