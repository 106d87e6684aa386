import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqlite } from '../../src/connectors/sqlite/sqlite.js';
import { sqliteConfig } from '../../src/connectors/sqlite/sqlite-config.js';
import type { Row } from '../../src/core/row.js';
import { makeTempDir } from '../support/temp-dir.js';
import { required } from './conformance-data.js';
import {
  type ConnectorHarness,
  describeConnectorConformance,
  type LogicalType,
  type TableSpec,
} from './connector.suite.js';

/** The sqlite connector against a real database file, through the shared conformance suite. */

const tmp = makeTempDir('sqlite-conformance');
const file = 'conformance.db';
let db: Database.Database;

const sqliteTypes: Partial<Record<LogicalType, string>> = {
  integer: 'INTEGER',
  bigint: 'INTEGER',
  text: 'TEXT',
  decimal: 'TEXT',
  float: 'REAL',
  date: 'TEXT',
  time: 'TEXT',
  timestamp: 'TEXT',
  timestamptz: 'TEXT',
  binary: 'BLOB',
};

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const context = (busyTimeout = 5000) => ({
  system: 'lite',
  config: sqliteConfig.parse({ path: file, busyTimeout }),
  baseDir: tmp.dir,
});

function toSqlite(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return value;
}

function fromSqlite(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  return value;
}

let holder: Database.Database | undefined;
const source = required(sqlite.source);
const target = required(sqlite.target);

const harness: ConnectorHarness = {
  capabilities: {
    // boolean and json come back as 0/1 and text: SQLite has no such types (0005).
    types: Object.keys(sqliteTypes) as LogicalType[],
    modes: target.modes,
    incremental: true,
    rejects: { notNull: true, invalidValue: false, duplicateKey: true, reportsColumn: true },
  },
  async setup() {
    db = new Database(join(tmp.dir, file));
    db.pragma('journal_mode = WAL');
  },
  async teardown() {
    holder?.close();
    db.close();
    tmp.remove();
  },
  async createTable(table: TableSpec) {
    const columns = table.columns.map((c) => {
      const notNull = c.notNull || table.key.includes(c.name) ? ' NOT NULL' : '';
      return `${q(c.name)} ${sqliteTypes[c.type] ?? 'TEXT'}${notNull}`;
    });
    db.exec(
      `CREATE TABLE ${q(table.name)} (${columns.join(', ')}, PRIMARY KEY (${table.key.map(q).join(', ')}))`,
    );
  },
  async insertRows(table: TableSpec, rows: readonly Row[]) {
    const names = table.columns.map((c) => c.name);
    const insert = db.prepare(
      `INSERT OR REPLACE INTO ${q(table.name)} (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    );
    db.transaction(() => {
      for (const row of rows) insert.run(...names.map((n) => toSqlite(row[n] ?? null)));
    })();
  },
  async readTable(table: TableSpec) {
    const rows = db
      .prepare(`SELECT * FROM ${q(table.name)}`)
      .safeIntegers(true)
      .all() as Record<string, unknown>[];
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromSqlite(v)])));
  },
  openSource: ({ table, key, batchSize, cursor }) =>
    source.open(context(), {
      options: source.options.parse({ table: table.name, ...(cursor ? { cursor } : {}) }),
      key,
      batchSize,
    }),
  openTarget: ({ table, key, mode }) =>
    target.open(context(), {
      options: target.options.parse({ table: table.name }),
      key,
      mode,
      resume: undefined,
    }),
  outage: {
    // A writer that holds the lock past a zero busy timeout: SQLITE_BUSY, which passes.
    openTarget: ({ table, key, mode }) =>
      target.open(context(0), {
        options: target.options.parse({ table: table.name }),
        key,
        mode,
        resume: undefined,
      }),
    async begin() {
      holder = new Database(join(tmp.dir, file));
      holder.exec('BEGIN IMMEDIATE');
    },
    async end() {
      holder?.exec('ROLLBACK');
      holder?.close();
      holder = undefined;
    },
  },
};

describeConnectorConformance('sqlite', harness);
