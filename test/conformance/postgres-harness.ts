import pg from 'pg';
import { postgres } from '../../src/connectors/postgres/postgres.js';
import type { Row } from '../../src/core/row.js';
import { required } from './conformance-data.js';
import type { ConnectorHarness, LogicalType, TableSpec } from './connector.suite.js';
import { outageThroughProxy, sqlTableOpeners, valueFromSqlText } from './harness-setup.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * The postgres connector's conformance harness, against the PostgreSQL on this machine
 * (127.0.0.1:5432, trust auth). Each run works in its own schema, dropped at the end. Tables
 * are created, seeded and read back with a plain pg client and SQL of its own (to_char,
 * encode, ::text), never through the connector, so the two cannot share a mistake.
 */

export const postgresServer = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
};

const ddlTypes: Record<LogicalType, string> = {
  integer: 'int4',
  bigint: 'int8',
  text: 'text',
  decimal: 'numeric(20,2)',
  float: 'float8',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  binary: 'bytea',
  json: 'jsonb',
};

/** How the harness reads each type back as text it can turn into a 0005 value itself. */
const readExpressions: Record<LogicalType, (column: string) => string> = {
  integer: (c) => c,
  bigint: (c) => `${c}::text`,
  text: (c) => c,
  decimal: (c) => `${c}::text`,
  float: (c) => c,
  boolean: (c) => c,
  date: (c) => `${c}::text`,
  time: (c) => `to_char('2000-01-01'::date + ${c}, 'HH24:MI:SS.US')`,
  timestamp: (c) => `to_char(${c}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  timestamptz: (c) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  binary: (c) => `encode(${c}, 'hex')`,
  json: (c) => `${c}::text`,
};

const q = (name: string) => pg.escapeIdentifier(name);

function toText(type: LogicalType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (type === 'json') return JSON.stringify(value);
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  return String(value);
}

export interface PostgresHarness extends ConnectorHarness {
  /** The harness's own schema. */
  readonly schema: () => string;
  /** Plain SQL on the harness's connection (search_path is the schema). */
  readonly sql: (text: string, params?: unknown[]) => Promise<pg.QueryResult>;
}

export function postgresHarness(): PostgresHarness {
  const schema = `cf_${process.pid}_${Date.now().toString(36)}`;
  let admin: pg.Client | undefined;
  let proxy: TcpProxy | undefined;
  const db = () => required(admin, 'admin connection');
  const config = (port = postgresServer.port) =>
    postgres.config.parse({
      host: postgresServer.host,
      port,
      user: postgresServer.user,
      database: postgresServer.database,
      schema,
    });
  const { openSource, openTarget } = sqlTableOpeners(postgres, 'pg', config);

  return {
    schema: () => schema,
    sql: (text, params) => db().query(text, params),
    capabilities: {
      types: Object.keys(ddlTypes) as LogicalType[],
      modes: required(postgres.target).modes,
      incremental: true,
      rejects: { notNull: true, invalidValue: true, duplicateKey: true, reportsColumn: true },
      bulkThreshold: 500,
    },
    async setup() {
      admin = new pg.Client(postgresServer);
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${q(schema)}`);
      await admin.query(`SET search_path TO ${q(schema)}`);
      proxy = await startTcpProxy(postgresServer.host, postgresServer.port);
    },
    async teardown() {
      await proxy?.close();
      if (admin) {
        await admin.query(`DROP SCHEMA IF EXISTS ${q(schema)} CASCADE`);
        await admin.end();
      }
    },
    async createTable(table: TableSpec) {
      const columns = table.columns.map(
        (c) => `${q(c.name)} ${ddlTypes[c.type]}${c.notNull ? ' NOT NULL' : ''}`,
      );
      await db().query(
        `CREATE TABLE ${q(schema)}.${q(table.name)} (${columns.join(', ')}, PRIMARY KEY (${table.key.map(q).join(', ')}))`,
      );
    },
    async insertRows(table: TableSpec, rows: readonly Row[]) {
      const names = table.columns.map((c) => c.name);
      const others = names.filter((n) => !table.key.includes(n));
      const conflict = `ON CONFLICT (${table.key.map(q).join(', ')}) DO UPDATE SET ${others.map((n) => `${q(n)} = EXCLUDED.${q(n)}`).join(', ')}`;
      // 100 rows per statement, one typed placeholder per value.
      for (let start = 0; start < rows.length; start += 100) {
        const chunk = rows.slice(start, start + 100);
        const params: (string | null)[] = [];
        const tuples = chunk.map((row) => {
          const marks = table.columns.map((c) => {
            params.push(toText(c.type, row[c.name]));
            return `$${params.length}::${ddlTypes[c.type]}`;
          });
          return `(${marks.join(', ')})`;
        });
        await db().query(
          `INSERT INTO ${q(schema)}.${q(table.name)} (${names.map(q).join(', ')}) VALUES ${tuples.join(', ')} ${conflict}`,
          params,
        );
      }
    },
    async readTable(table: TableSpec) {
      const list = table.columns.map((c) => `${readExpressions[c.type](q(c.name))} AS ${q(c.name)}`);
      const result = await db().query(`SELECT ${list.join(', ')} FROM ${q(schema)}.${q(table.name)}`);
      return result.rows.map((row: Record<string, unknown>) =>
        Object.fromEntries(table.columns.map((c) => [c.name, valueFromSqlText(c.type, row[c.name])])),
      );
    },
    openSource: (request) => openSource(request),
    openTarget: (request) => openTarget(request),
    outage: outageThroughProxy(() => proxy, { openSource, openTarget }),
  };
}
