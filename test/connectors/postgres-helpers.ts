import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { postgres } from '../../src/connectors/postgres/postgres.js';
import type { PostgresConfig } from '../../src/connectors/postgres/postgres-config.js';
import type { Source, Target, WriteMode } from '../../src/core/connector.js';

/**
 * A schema of its own on the PostgreSQL on this machine for one test file, dropped afterwards,
 * and shortcuts to open the connector in it. `sql` runs on a plain pg client (default parsers).
 */
export const server = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
};

export function usePostgresSchema(prefix: string) {
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client(server);
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
    await admin.query(`SET search_path TO ${pg.escapeIdentifier(schema)}`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  });

  const config = (extra: Record<string, unknown> = {}): PostgresConfig =>
    postgres.config.parse({ ...server, schema, ...extra });

  return {
    schema,
    sql: (text: string, params?: unknown[]) => admin.query(text, params),
    config,
    openSource(
      options: Record<string, unknown>,
      key: string[] = [],
      batchSize = 3,
      extra: Record<string, unknown> = {},
    ): Promise<Source> {
      const source = postgres.source as NonNullable<typeof postgres.source>;
      return source.open(
        { system: 'crm', config: config(extra), baseDir: '.' },
        { options: source.options.parse(options), key, batchSize },
      );
    },
    openTarget(
      options: Record<string, unknown>,
      mode: WriteMode = 'upsert',
      key: string[] = [],
      extra: Record<string, unknown> = {},
    ): Promise<Target> {
      const target = postgres.target as NonNullable<typeof postgres.target>;
      return target.open(
        { system: 'erp', config: config(extra), baseDir: '.' },
        { options: target.options.parse(options), key, mode, resume: undefined },
      );
    },
  };
}
