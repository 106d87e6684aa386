import type { Connection } from 'mysql2/promise';
import { mysql } from '../../src/connectors/mysql/mysql.js';
import type { Row } from '../../src/core/row.js';
import { createTestDatabase, server, type TestDatabase } from '../connectors/mysql-test-database.js';
import { required } from './conformance-data.js';
import {
  type ConnectorHarness,
  describeConnectorConformance,
  type LogicalType,
  type TableSpec,
} from './connector.suite.js';
import { outageThroughProxy, sqlTableOpeners, valueFromSqlText } from './harness-setup.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * The mysql connector against the MariaDB (or MySQL 8) on this machine, through the shared
 * conformance suite. Each run works in its own database, dropped at the end. Tables are
 * created, seeded and read back with a plain mysql2 connection and SQL of its own
 * (DATE_FORMAT, HEX, CAST AS CHAR), never through the connector, so the two cannot share a
 * mistake.
 *
 * Left out of `types`: boolean (MySQL has none; TINYINT(1) stays a number, 0005) and
 * timestamptz (TIMESTAMP only holds 1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC on
 * MariaDB 10.11 and MySQL 8, and the suite's values go beyond both ends; the connector's own
 * tests cover TIMESTAMP(6) within its range).
 */

const ddlTypes: Partial<Record<LogicalType, string>> = {
  integer: 'INT',
  bigint: 'BIGINT',
  text: 'TEXT',
  decimal: 'DECIMAL(20,2)',
  float: 'DOUBLE',
  date: 'DATE',
  time: 'TIME(6)',
  timestamp: 'DATETIME(6)',
  binary: 'LONGBLOB',
  json: 'JSON',
};

/** How the harness reads each type back as text it turns into a 0005 value itself. */
const readExpressions: Partial<Record<LogicalType, (column: string) => string>> = {
  bigint: (c) => `CAST(${c} AS CHAR)`,
  decimal: (c) => `CAST(${c} AS CHAR)`,
  date: (c) => `DATE_FORMAT(${c}, '%Y-%m-%d')`,
  time: (c) => `TIME_FORMAT(${c}, '%H:%i:%s.%f')`,
  timestamp: (c) => `DATE_FORMAT(${c}, '%Y-%m-%dT%H:%i:%s.%f')`,
  binary: (c) => `HEX(${c})`,
  json: (c) => `CAST(${c} AS CHAR)`,
};

const q = (name: string) => `\`${name.replaceAll('`', '``')}\``;

function toLiteral(type: LogicalType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'json':
      return JSON.stringify(value);
    case 'binary':
      return Buffer.from(value as Uint8Array);
    case 'timestamp':
      return String(value).replace('T', ' ');
    case 'bigint':
      return String(value);
    default:
      return value;
  }
}

let db: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
const admin = (): Connection => required(db, 'database').admin;
const config = (port?: number) =>
  required(db, 'database').config(port === undefined ? {} : { port, host: '127.0.0.1' });
const { openSource, openTarget } = sqlTableOpeners(mysql, 'maria', config);

const harness: ConnectorHarness = {
  capabilities: {
    types: Object.keys(ddlTypes) as LogicalType[],
    modes: required(mysql.target).modes,
    incremental: true,
    rejects: { notNull: true, invalidValue: true, duplicateKey: true, reportsColumn: true },
  },
  async setup() {
    db = await createTestDatabase();
    proxy = await startTcpProxy(server.host, server.port);
  },
  async teardown() {
    await proxy?.close();
    await db?.drop();
  },
  async createTable(table: TableSpec) {
    const columns = table.columns.map((c) => {
      // A key column of text needs a length to be indexed.
      const type = c.type === 'text' && table.key.includes(c.name) ? 'VARCHAR(255)' : ddlTypes[c.type];
      const notNull = c.notNull || table.key.includes(c.name) ? ' NOT NULL' : '';
      return `${q(c.name)} ${type}${notNull}`;
    });
    await admin().query(
      `CREATE TABLE ${q(table.name)} (${columns.join(', ')}, PRIMARY KEY (${table.key.map(q).join(', ')})) ENGINE=InnoDB`,
    );
  },
  async insertRows(table: TableSpec, rows: readonly Row[]) {
    for (let start = 0; start < rows.length; start += 100) {
      const chunk = rows.slice(start, start + 100);
      const tuples = chunk.map((row) => table.columns.map((c) => toLiteral(c.type, row[c.name])));
      await admin().query(
        `REPLACE INTO ${q(table.name)} (${table.columns.map((c) => q(c.name)).join(', ')}) VALUES ?`,
        [tuples],
      );
    }
  },
  async readTable(table: TableSpec) {
    const list = table.columns.map(
      (c) => `${(readExpressions[c.type] ?? ((x: string) => x))(q(c.name))} AS ${q(c.name)}`,
    );
    const [rows] = await admin().query(`SELECT ${list.join(', ')} FROM ${q(table.name)}`);
    return (rows as Record<string, unknown>[]).map((row) =>
      Object.fromEntries(table.columns.map((c) => [c.name, valueFromSqlText(c.type, row[c.name])])),
    );
  },
  openSource: (request) => openSource(request),
  openTarget: (request) => openTarget(request),
  outage: outageThroughProxy(() => proxy, { openSource, openTarget }),
};

describeConnectorConformance('mysql (MariaDB)', harness);
