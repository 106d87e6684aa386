import { randomBytes } from 'node:crypto';
import mysql, { type Connection } from 'mysql2/promise';
import { type MysqlConfig, mysqlConfig } from '../../src/connectors/mysql/mysql-config.js';

/**
 * A throw-away database on the MariaDB (or MySQL 8) server of this machine, for the mysql
 * connector's tests: created under a random name, dropped at the end. The server is found by
 * SYNCLINE_MYSQL_HOST / _PORT / _USER / _PASSWORD, defaulting to root on 127.0.0.1:3306.
 */
export const server = {
  host: process.env.SYNCLINE_MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.SYNCLINE_MYSQL_PORT ?? 3306),
  user: process.env.SYNCLINE_MYSQL_USER ?? 'root',
  password: process.env.SYNCLINE_MYSQL_PASSWORD ?? '',
};

export interface TestDatabase {
  readonly name: string;
  /** A root connection inside the database: multiple statements, dates and JSON as text, UTC. */
  readonly admin: Connection;
  /** The connector's config for this database, with overrides. */
  config(overrides?: Record<string, unknown>): MysqlConfig;
  /** Runs SQL as root in the database; returns the rows of a SELECT. */
  sql(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `syncline_test_${randomBytes(5).toString('hex')}`;
  const admin = await mysql.createConnection({
    ...server,
    charset: 'utf8mb4',
    multipleStatements: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
    jsonStrings: true,
    connectTimeout: 5000,
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  await admin.query(`USE \`${name}\``);
  await admin.query("SET time_zone = '+00:00'");
  return {
    name,
    admin,
    config: (overrides = {}) => mysqlConfig.parse({ ...server, database: name, ...overrides }),
    async sql(text, values = []) {
      const [rows] = await admin.query(text, values);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
