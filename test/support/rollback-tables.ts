import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mysqlServer, postgresServer } from './crash-pairs.js';

/**
 * Tables for the rollback tests on a server, in a schema (PostgreSQL) or database (MariaDB) of
 * their own: source `items` with ids 11..40, target `items_copy` holding ids 1..20 with other
 * content and a column of its own (`note`) the flow never writes. Seeded and dumped with the
 * plain driver, the dump as text the server formats, so the check shares no code with syncline.
 */
export interface ServerTables {
  /** The `connection:` flow map for both systems. */
  readonly connection: string;
  /** Every target row, ordered by id, every column as the server's text. */
  dumpTarget(): Promise<readonly unknown[][]>;
  /** Updates ids 11..15 (later updated_at) and adds ids 41..45 in the source. */
  changeSource(): Promise<void>;
  /** Runs SQL statements on the tables' schema (PostgreSQL) or database (MariaDB). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function postgresTables(): Promise<ServerTables> {
  const schema = `rollback_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client(postgresServer);
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  const columns =
    'id int4 PRIMARY KEY, name text, amount numeric(12,2), active boolean, born date, attributes jsonb, updated_at timestamptz(6)';
  await client.query(`CREATE TABLE items (${columns});
    CREATE TABLE items_copy (${columns}, note text);
    INSERT INTO items SELECT g, 'Item ' || g, g + 0.5, g % 2 = 0, date '1990-01-01' + g,
      jsonb_build_object('n', g, 'tags', jsonb_build_array('a', g)),
      timestamptz '2026-01-01 00:00:00.123456+00' + g * interval '1 second' FROM generate_series(11, 40) g;
    INSERT INTO items_copy SELECT g, 'Old ' || g, g + 0.99, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 1 END,
      CASE WHEN g % 4 = 0 THEN NULL ELSE date '1980-06-01' + g END,
      CASE WHEN g % 5 = 0 THEN NULL ELSE '{"old": true, "x": [1.5, null]}'::jsonb END,
      timestamptz '2025-06-01 12:00:00.000001+00' + g * interval '1 minute', 'keep ' || g
      FROM generate_series(1, 20) g`);
  return {
    connection: `{ host: ${postgresServer.host}, port: ${postgresServer.port}, user: ${postgresServer.user}, database: ${postgresServer.database}, schema: ${schema} }`,
    async dumpTarget() {
      const result = await client.query({
        text: `SELECT id, name, amount::text, active::text, born::text, attributes::text,
          to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), note FROM items_copy ORDER BY id`,
        rowMode: 'array',
      });
      return result.rows as unknown[][];
    },
    async changeSource() {
      await client.query(`UPDATE items SET name = name || ' (changed)', amount = amount * 2,
          attributes = attributes || '{"changed": true}', updated_at = updated_at + interval '1 day' WHERE id <= 15;
        INSERT INTO items SELECT g, 'New ' || g, g, true, NULL, NULL, timestamptz '2026-02-01 00:00:00+00' + g * interval '1 second'
          FROM generate_series(41, 45) g`);
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export async function mysqlTables(): Promise<ServerTables> {
  const database = `rollback_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({ ...mysqlServer, multipleStatements: true, dateStrings: true });
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4; USE \`${database}\``);
  const columns =
    'id INT PRIMARY KEY, name VARCHAR(100), amount DECIMAL(12,2), active TINYINT(1), born DATE, attributes JSON, updated_at DATETIME(6)';
  await admin.query(`CREATE TABLE items (${columns});
    CREATE TABLE items_copy (${columns}, note VARCHAR(50));
    INSERT INTO items WITH RECURSIVE g(n) AS (SELECT 11 UNION ALL SELECT n + 1 FROM g WHERE n < 40)
      SELECT n, CONCAT('Item ', n), n + 0.5, n % 2 = 0, DATE_ADD('1990-01-01', INTERVAL n DAY),
        JSON_OBJECT('n', n, 'tags', JSON_ARRAY('a', n)),
        DATE_ADD('2026-01-01 00:00:00.123456', INTERVAL n SECOND) FROM g;
    INSERT INTO items_copy WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < 20)
      SELECT n, CONCAT('Old ', n), n + 0.99, IF(n % 3 = 0, NULL, n % 2 = 1),
        IF(n % 4 = 0, NULL, DATE_ADD('1980-06-01', INTERVAL n DAY)),
        IF(n % 5 = 0, NULL, '{"old": true, "x": [1.5, null]}'),
        DATE_ADD('2025-06-01 12:00:00.000001', INTERVAL n MINUTE), CONCAT('keep ', n) FROM g`);
  const password = mysqlServer.password ? `, password: ${JSON.stringify(mysqlServer.password)}` : '';
  return {
    connection: `{ host: ${mysqlServer.host}, port: ${mysqlServer.port}, user: ${mysqlServer.user}${password}, database: ${database} }`,
    async dumpTarget() {
      // MariaDB keeps JSON as the text it was given; syncline carries the value (0005), so a
      // restored document is the same value written compactly: compare the values.
      const [rows] = await admin.query({
        sql: `SELECT id, name, CAST(amount AS CHAR), CAST(active AS CHAR), CAST(born AS CHAR),
          JSON_COMPACT(attributes), CAST(updated_at AS CHAR), note FROM items_copy ORDER BY id`,
        rowsAsArray: true,
      });
      return rows as unknown as unknown[][];
    },
    async changeSource() {
      await admin.query(`UPDATE items SET name = CONCAT(name, ' (changed)'), amount = amount * 2,
          attributes = JSON_SET(attributes, '$.changed', true), updated_at = DATE_ADD(updated_at, INTERVAL 1 DAY)
          WHERE id <= 15;
        INSERT INTO items WITH RECURSIVE g(n) AS (SELECT 41 UNION ALL SELECT n + 1 FROM g WHERE n < 45)
          SELECT n, CONCAT('New ', n), n, 1, NULL, NULL, DATE_ADD('2026-02-01', INTERVAL n SECOND) FROM g`);
    },
    async exec(sql) {
      await admin.query(sql);
    },
    async close() {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    },
  };
}
