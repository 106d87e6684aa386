import type pg from 'pg';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import { type ServerAddress, toPostgresError } from './postgres-error.js';
import { qualifiedName, quoteIdentifier } from './quote-identifier.js';

/** A column and the SQL type values are cast to when bound as text (`numeric(12,2)`). */
export interface PgColumn {
  readonly name: string;
  readonly type: string;
  readonly notNull: boolean;
  /** Generated or identity ALWAYS: the server computes it, a write may not set it. */
  readonly isComputed: boolean;
}

/** What syncline needs to know about a table, view or query before reading or writing it. */
export interface PgRelation {
  /** `"schema"."table"`, or the query in parentheses with an alias. */
  readonly sql: string;
  /** For messages: `table "public.customer"` or `the query`. */
  readonly label: string;
  readonly isTable: boolean;
  readonly columns: readonly PgColumn[];
  readonly primaryKey: readonly string[];
  /** Column sets ON CONFLICT can name: the primary key and full unique indexes on plain columns. */
  readonly uniqueKeys: readonly (readonly string[])[];
  /** Column lists of the btree indexes on plain columns: an ORDER BY on a prefix of one is cheap. */
  readonly indexedOrders: readonly (readonly string[])[];
  readonly privileges: ReadonlySet<Privilege>;
  /**
   * COPY into the table does what an INSERT of the same rows would: it is a table with no
   * rules (COPY ignores them) and no row-level security (COPY refuses it).
   */
  readonly copiesAsInsert: boolean;
}

export type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * Finds a table (or view) in a schema. Names match exactly first, then regardless of case
 * (a spec says `Customer`, the table is `customer`), so a user need not know PostgreSQL's
 * folding rules; a miss lists the schema's tables with a did-you-mean.
 */
export async function describeTable(
  db: pg.Pool | pg.PoolClient,
  address: ServerAddress,
  schemaName: string,
  tableName: string,
): Promise<PgRelation> {
  const { system } = address;
  try {
    const schemas = await db.query<{ name: string }>(
      "SELECT nspname AS name FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1",
    );
    const schema = pick(schemas.rows, schemaName);
    if (schema === undefined) {
      const names = schemas.rows.map((r) => r.name);
      const suggestion = didYouMean(schemaName, names);
      throw new IntegrationError(
        `System "${system}" has no schema "${schemaName}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
        { kind: 'config', code: 'schema-not-found', hint: `Schemas: ${names.join(', ')}.` },
      );
    }
    const tables = await db.query<{ oid: number; name: string; kind: string; plain: boolean }>(
      `SELECT c.oid, c.relname AS name, c.relkind AS kind,
              NOT (c.relhasrules OR c.relrowsecurity) AS plain FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 2`,
      [schema.name],
    );
    const table = pick(tables.rows, tableName);
    if (table === undefined) {
      const names = tables.rows.map((r) => r.name);
      const suggestion = didYouMean(tableName, names);
      const shown =
        names.length > 30 ? `${names.slice(0, 30).join(', ')}, … (${names.length} in all)` : names.join(', ');
      throw new IntegrationError(
        `System "${system}" has no table "${tableName}" in schema "${schema.name}"${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
        {
          kind: 'config',
          code: 'table-not-found',
          hint:
            names.length > 0
              ? `Tables in "${schema.name}": ${shown}.`
              : `Schema "${schema.name}" has no tables.`,
        },
      );
    }
    const [columns, indexes, privileges] = await Promise.all([
      db.query<{ name: string; type: string; not_null: boolean; computed: boolean }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null,
                (attgenerated <> '' OR attidentity = 'a') AS computed
           FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [table.oid],
      ),
      db.query<{ primary: boolean; unique: boolean; columns: string[] }>(
        `SELECT i.indisprimary AS primary, i.indisunique AS unique,
                array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, o)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.o)::text[] AS columns
           FROM pg_index i
          WHERE i.indrelid = $1 AND i.indexprs IS NULL AND i.indpred IS NULL
            AND (SELECT amname FROM pg_am JOIN pg_class ic ON ic.relam = pg_am.oid WHERE ic.oid = i.indexrelid) = 'btree'
          ORDER BY i.indisprimary DESC, i.indexrelid`,
        [table.oid],
      ),
      db.query<Record<Lowercase<Privilege>, boolean> & { usage: boolean }>(
        `SELECT has_schema_privilege($2::text, 'USAGE') AS usage,
                has_table_privilege($1::oid, 'SELECT') AS select, has_table_privilege($1::oid, 'INSERT') AS insert,
                has_table_privilege($1::oid, 'UPDATE') AS update, has_table_privilege($1::oid, 'DELETE') AS delete`,
        [table.oid, schema.name],
      ),
    ]);
    const granted = privileges.rows[0];
    const allowed = new Set<Privilege>();
    if (granted?.usage) {
      for (const p of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
        if (granted[p.toLowerCase() as Lowercase<Privilege>]) allowed.add(p);
      }
    }
    const primary = indexes.rows.find((r) => r.primary);
    return {
      sql: qualifiedName(schema.name, table.name),
      label: `table "${schema.name}.${table.name}"`,
      isTable: table.kind === 'r' || table.kind === 'p',
      columns: columns.rows.map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.not_null,
        isComputed: c.computed,
      })),
      primaryKey: primary?.columns ?? [],
      uniqueKeys: indexes.rows.filter((r) => r.unique).map((r) => r.columns),
      indexedOrders: indexes.rows.map((r) => r.columns),
      privileges: allowed,
      copiesAsInsert: (table.kind === 'r' || table.kind === 'p') && table.plain,
    };
  } catch (error) {
    throw toPostgresError(error, address, `describing table "${tableName}"`);
  }
}

/**
 * Describes a SELECT used as a source: runs it with LIMIT 0 to learn its columns and their
 * types, so positions can be bound with the right casts. Every column needs a distinct name.
 */
export async function describeQuery(
  db: pg.Pool | pg.PoolClient,
  address: ServerAddress,
  query: string,
): Promise<PgRelation> {
  const { system } = address;
  const sql = `(${query.trim().replace(/;\s*$/, '')}) AS ${quoteIdentifier('query')}`;
  let probe: pg.QueryResult;
  try {
    probe = await db.query(`SELECT * FROM ${sql} LIMIT 0`);
  } catch (error) {
    const wrapped = toPostgresError(error, address, 'checking the query');
    if (wrapped.kind !== 'config') throw wrapped;
    throw new IntegrationError(
      `System "${system}": the from: query does not run: ${(error as Error).message}`,
      {
        kind: 'config',
        code: 'query-invalid',
        stage: 'read',
        hint: 'Run the query in psql to fix it; it must be one SELECT, and it runs as a subquery.',
        cause: error,
      },
    );
  }
  const names = probe.fields.map((f) => f.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) {
    throw new IntegrationError(
      `System "${system}": the from: query returns column "${repeated[0]}" more than once`,
      {
        kind: 'config',
        code: 'duplicate-column',
        stage: 'read',
        hint: 'Give each column a distinct name with AS.',
      },
    );
  }
  const types = await db.query<{ type: string }>(
    'SELECT format_type(t, m) AS type FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS u(t, m, i) ORDER BY i',
    [probe.fields.map((f) => f.dataTypeID), probe.fields.map((f) => f.dataTypeModifier)],
  );
  return {
    sql,
    label: 'the from: query',
    isTable: false,
    columns: probe.fields.map((f, i) => ({
      name: f.name,
      type: types.rows[i]?.type ?? 'text',
      notNull: false,
      isComputed: false,
    })),
    primaryKey: [],
    uniqueKeys: [],
    indexedOrders: [],
    privileges: new Set<Privilege>(['SELECT']),
    copiesAsInsert: false,
  };
}

/** Exact name first, then the one name that matches regardless of case. */
function pick<T extends { name: string }>(rows: readonly T[], name: string): T | undefined {
  const exact = rows.find((r) => r.name === name);
  if (exact !== undefined) return exact;
  const folded = rows.filter((r) => r.name.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

/** Refuses up front what the role may not do, naming the privilege to grant. */
export function requirePrivileges(
  relation: PgRelation,
  address: ServerAddress,
  needed: readonly Privilege[],
  stage: 'read' | 'write',
): void {
  const missing = needed.filter((p) => !relation.privileges.has(p));
  if (missing.length === 0) return;
  const user = address.user ?? 'the connecting role';
  const target = relation.sql;
  throw new IntegrationError(
    `System "${address.system}": user "${user}" may not ${missing.join(' and ')} ${relation.label}`,
    {
      kind: 'config',
      code: 'permission-denied',
      stage,
      hint: `Ask the database owner: GRANT ${missing.join(', ')} ON ${target} TO ${quoteIdentifier(user)}; (and USAGE on its schema).`,
    },
  );
}

/** Checks that the named columns exist, in the exact spelling rows will carry. */
export function requireColumns(
  relation: PgRelation,
  system: string,
  names: readonly string[],
  role: string,
  stage: 'read' | 'write',
): void {
  const known = relation.columns.map((c) => c.name);
  const missing = names.filter((n) => !known.includes(n));
  if (missing.length === 0) return;
  const described = missing.map((n) => {
    const suggestion = didYouMean(n, known);
    return suggestion ? `"${n}" (did you mean "${suggestion}"?)` : `"${n}"`;
  });
  throw new IntegrationError(
    `System "${system}", ${relation.label}: ${role}${missing.length > 1 ? 's' : ''} ${described.join(', ')} not found`,
    { kind: 'config', code: 'column-not-found', stage, hint: `Columns: ${known.join(', ')}.` },
  );
}
