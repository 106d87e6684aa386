import type Database from 'better-sqlite3';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import { requireTableColumns } from '../sql-table-checks.js';

/** What syncline needs to know about a table (or view) before reading or writing it. */
export interface TableInfo {
  /** The name as the schema spells it. */
  readonly name: string;
  readonly isView: boolean;
  readonly columns: readonly string[];
  readonly primaryKey: readonly string[];
  /** Column sets an ON CONFLICT clause can name: the primary key and full unique indexes. */
  readonly uniqueKeys: readonly (readonly string[])[];
}

interface ColumnRow {
  readonly name: string;
  readonly pk: number | bigint;
  readonly hidden: number | bigint;
}

export function describeTable(db: Database.Database, system: string, table: string): TableInfo {
  const objects = db
    .prepare<[], { name: string; type: string }>(
      "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all();
  // SQLite resolves names case-insensitively; so do we, and then use the schema's spelling.
  const found = objects.find((o) => o.name === table) ?? objects.find((o) => sameName(o.name, table));
  if (found === undefined) {
    const names = objects.map((o) => o.name);
    const suggestion = didYouMean(table, names);
    throw new IntegrationError(
      `System "${system}" has no table "${table}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
      {
        kind: 'config',
        code: 'table-not-found',
        hint: names.length > 0 ? `Tables: ${names.join(', ')}.` : 'The database has no tables yet.',
      },
    );
  }
  const columnRows = db
    .prepare<[string], ColumnRow>('SELECT name, pk, hidden FROM pragma_table_xinfo(?)')
    .all(found.name)
    // hidden 1 = virtual-table hidden column; 2 and 3 (generated columns) are readable.
    .filter((c) => Number(c.hidden) !== 1);
  const primaryKey = columnRows
    .filter((c) => Number(c.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((c) => c.name);
  return {
    name: found.name,
    isView: found.type === 'view',
    columns: columnRows.map((c) => c.name),
    primaryKey,
    uniqueKeys: found.type === 'view' ? [] : uniqueKeysOf(db, found.name, primaryKey),
  };
}

function uniqueKeysOf(db: Database.Database, table: string, primaryKey: readonly string[]): string[][] {
  const keys: string[][] = primaryKey.length > 0 ? [[...primaryKey]] : [];
  const indexes = db
    .prepare<[string], { name: string; unique: number | bigint; partial: number | bigint }>(
      'SELECT name, "unique", partial FROM pragma_index_list(?)',
    )
    .all(table);
  for (const index of indexes) {
    if (Number(index.unique) !== 1 || Number(index.partial) !== 0) continue;
    const columns = db
      .prepare<[string], { name: string | null }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno')
      .all(index.name)
      .map((c) => c.name);
    // An expression index has no column name for that part; ON CONFLICT cannot name it by columns.
    if (columns.every((c): c is string => c !== null)) keys.push(columns);
  }
  return keys;
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Checks that the named columns exist (`role`: "key column", "cursor column", "column"), in the table's exact spelling (rows are JS objects, so
 * `ID` and `id` differ there even though SQLite would accept both).
 */
export function requireColumns(
  info: TableInfo,
  system: string,
  names: readonly string[],
  role: string,
  stage: 'read' | 'write',
): void {
  requireTableColumns(info.name, info.columns, system, names, role, stage);
}
