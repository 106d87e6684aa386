import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { CrashPair, SourceRow, TargetRow } from './crash-harness.js';

/**
 * The crash harness's pairs: SQLite files, a schema of its own on the PostgreSQL of this
 * machine, a database of its own on its MariaDB. Each seeds and reads back with its plain
 * driver and SQL, and removes what it made in close().
 */

const chunk = 500;

export function sqlitePair(dir: string): CrashPair {
  const source = path.join(dir, 'source.db');
  const target = path.join(dir, 'target.db');
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new Database(target, { readonly: true, timeout: 5000 });
    try {
      return db
        .prepare(sql)
        .raw()
        .all(...params) as T[];
    } finally {
      db.close();
    }
  };
  return {
    name: 'sqlite -> sqlite',
    systems: `    src: { kind: sqlite, connection: { path: ${JSON.stringify(source)} } }
    dst: { kind: sqlite, connection: { path: ${JSON.stringify(target)} } }`,
    async seed(rows) {
      const db = new Database(source);
      db.exec(
        'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, amount TEXT, updated_at TEXT NOT NULL)',
      );
      const insert = db.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?)');
      db.transaction(() => {
        for (const r of rows) insert.run(r.id, r.name, r.email, r.amount, r.updatedAt);
      })();
      db.close();
      const copy = new Database(target);
      copy.exec(
        'CREATE TABLE items_copy (id INTEGER PRIMARY KEY, name TEXT, email TEXT, amount TEXT, updated_at TEXT)',
      );
      copy.close();
    },
    count: async () => query<[number]>('SELECT count(*) FROM items_copy')[0]?.[0] ?? 0,
    countUpTo: async (id) =>
      query<[number]>('SELECT count(*) FROM items_copy WHERE id <= ?', id)[0]?.[0] ?? 0,
    readAll: async () => query<TargetRow>('SELECT id, name, email, amount, updated_at FROM items_copy'),
    close: async () => {},
  };
}

/** SQLite to a CSV file appended to (mode insert): a repeated batch would show as duplicate lines. */
export function csvPair(dir: string): CrashPair {
  const sqlite = sqlitePair(dir);
  const file = path.join(dir, 'out', 'items.csv');
  const lines = (): TargetRow[] =>
    existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .slice(1)
          .filter(Boolean)
          .map((line) => {
            const [id, ...rest] = line.split(',');
            return [Number(id), ...rest] as unknown as TargetRow;
          })
      : [];
  return {
    name: 'sqlite -> csv (append)',
    systems: `${sqlite.systems.split('\n')[0]}
    dst: { kind: files, connection: { dir: ${JSON.stringify(path.dirname(file))} } }`,
    to: 'system: dst, file: items.csv, mode: insert',
    seed: (rows) => sqlite.seed(rows),
    count: async () => lines().length,
    countUpTo: async (id) => lines().filter(([rowId]) => rowId <= id).length,
    readAll: async () => lines(),
    close: async () => {},
  };
}

export const postgresServer = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
};

/** `targetPort` sends the target system elsewhere (a TCP proxy in front of the same server). */
export async function postgresPair(targetPort = postgresServer.port): Promise<CrashPair> {
  const schema = `crash_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client(postgresServer);
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  const connection = (port: number) =>
    `{ host: ${postgresServer.host}, port: ${port}, user: ${postgresServer.user}, database: ${postgresServer.database}, schema: ${schema} }`;
  const columns =
    'id int4 PRIMARY KEY, name text, email text, amount numeric(10,2), updated_at timestamp NOT NULL';
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await client.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
  return {
    name: 'postgres -> postgres',
    systems: `    src: { kind: postgres, connection: ${connection(postgresServer.port)} }
    dst: { kind: postgres, connection: ${connection(targetPort)} }`,
    // Batches of 50 go through COPY: straight into the table while keys are new, else staged
    // (decision 0043), so a kill between the target's commit and the store's repeats a COPY.
    to: 'system: dst, table: items_copy, key: id, mode: upsert, bulkThreshold: 20',
    async seed(rows) {
      await client.query(`CREATE TABLE items (${columns})`);
      await client.query(`CREATE TABLE items_copy (${columns.replace(' NOT NULL', '')})`);
      for (let start = 0; start < rows.length; start += chunk) {
        const part = rows.slice(start, start + chunk);
        await client.query(
          `INSERT INTO items SELECT * FROM unnest($1::int4[], $2::text[], $3::text[], $4::numeric[], $5::timestamp[])`,
          columnsOf(part),
        );
      }
    },
    count: () => count('SELECT count(*) AS n FROM items_copy'),
    countUpTo: (id) => count('SELECT count(*) AS n FROM items_copy WHERE id <= $1', [id]),
    async readAll() {
      const result = await client.query({
        text: `SELECT id, name, email, amount::text, to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS') FROM items_copy`,
        rowMode: 'array',
      });
      return result.rows as unknown as TargetRow[];
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export const mysqlServer = {
  host: process.env.SYNCLINE_MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.SYNCLINE_MYSQL_PORT ?? 3306),
  user: process.env.SYNCLINE_MYSQL_USER ?? 'root',
  password: process.env.SYNCLINE_MYSQL_PASSWORD ?? '',
};

export async function mysqlPair(): Promise<CrashPair> {
  const database = `crash_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({ ...mysqlServer, dateStrings: true });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  await admin.query(`USE \`${database}\``);
  const columns =
    'id INT PRIMARY KEY, name VARCHAR(100), email VARCHAR(100), amount DECIMAL(10,2), updated_at DATETIME';
  const count = async (sql: string, params: unknown[] = []) => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(sql, params);
    return Number(rows[0]?.n ?? 0);
  };
  const password = mysqlServer.password ? `, password: ${JSON.stringify(mysqlServer.password)}` : '';
  const connection = `{ host: ${mysqlServer.host}, port: ${mysqlServer.port}, user: ${mysqlServer.user}${password}, database: ${database} }`;
  return {
    name: 'mysql -> mysql',
    systems: `    src: { kind: mysql, connection: ${connection} }
    dst: { kind: mysql, connection: ${connection} }`,
    async seed(rows) {
      await admin.query(`CREATE TABLE items (${columns} NOT NULL)`);
      await admin.query(`CREATE TABLE items_copy (${columns})`);
      for (let start = 0; start < rows.length; start += chunk) {
        const part = rows.slice(start, start + chunk);
        await admin.query('INSERT INTO items VALUES ?', [
          part.map((r) => [r.id, r.name, r.email, r.amount, r.updatedAt.replace('T', ' ')]),
        ]);
      }
    },
    count: () => count('SELECT count(*) AS n FROM items_copy'),
    countUpTo: (id) => count('SELECT count(*) AS n FROM items_copy WHERE id <= ?', [id]),
    async readAll() {
      const [rows] = await admin.query({
        sql: "SELECT id, name, email, CAST(amount AS CHAR), DATE_FORMAT(updated_at, '%Y-%m-%dT%H:%i:%s') FROM items_copy",
        rowsAsArray: true,
      });
      return rows as unknown as TargetRow[];
    },
    async close() {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    },
  };
}

function columnsOf(rows: readonly SourceRow[]): unknown[][] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.name),
    rows.map((r) => r.email),
    rows.map((r) => r.amount),
    rows.map((r) => r.updatedAt),
  ];
}
