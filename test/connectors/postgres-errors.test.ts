import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgres } from '../../src/connectors/postgres/postgres.js';
import { toPostgresError } from '../../src/connectors/postgres/postgres-error.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import { server, usePostgresSchema } from './postgres-helpers.js';

const db = usePostgresSchema('pgerr');
const role = `syncline_reader_${process.pid}`;
const address = { system: 'crm', server: 'db:5432/crm', user: 'app' };

/** Opens a source (or a target) with a config of its own, and returns what it threw. */
async function failure(
  config: Record<string, unknown>,
  side: 'source' | 'target' = 'source',
): Promise<IntegrationError> {
  const context = {
    system: 'crm',
    config: postgres.config.parse({ connectTimeout: 3000, ...config }),
    baseDir: '.',
  };
  try {
    const opened =
      side === 'source'
        ? await postgres.source?.open(context, {
            options: postgres.source.options.parse({ table: 'accounts' }),
            key: [],
            batchSize: 10,
          })
        : await postgres.target?.open(context, {
            options: postgres.target.options.parse({ table: 'accounts' }),
            key: [],
            mode: 'upsert',
            resume: undefined,
          });
    await opened?.close();
  } catch (error) {
    expect(error).toBeInstanceOf(IntegrationError);
    return error as IntegrationError;
  }
  throw new Error('expected the open to fail');
}

beforeAll(async () => {
  await db.sql('CREATE TABLE accounts (id int PRIMARY KEY, name text)');
  await db.sql(`CREATE ROLE ${pg.escapeIdentifier(role)} LOGIN`);
  await db.sql(`GRANT USAGE ON SCHEMA ${pg.escapeIdentifier(db.schema)} TO ${pg.escapeIdentifier(role)}`);
});
afterAll(async () => {
  await db.sql(`DROP OWNED BY ${pg.escapeIdentifier(role)}`);
  await db.sql(`DROP ROLE ${pg.escapeIdentifier(role)}`);
});

describe('postgres connection errors', () => {
  it('wrong login: config auth-failed naming the system and what to check, without the password', async () => {
    const error = await failure({
      ...server,
      user: 'no_such_user_x',
      password: 'sekrit-pw-123',
      schema: db.schema,
    });
    expect(error).toMatchObject({ kind: 'config', code: 'auth-failed' });
    expect(error.message).toContain('System "crm"');
    expect(error.message).toContain('no_such_user_x');
    expect(error.hint).toContain('connection.password');
    expect(`${error.message} ${error.hint}`).not.toContain('sekrit');
  });

  it('unreachable host: transient unreachable with host:port, never the URL or its password', async () => {
    const error = await failure({ url: 'postgres://app:topsecret@127.0.0.1:1/crm' });
    expect(error).toMatchObject({ kind: 'transient', code: 'unreachable' });
    expect(error.message).toContain('127.0.0.1:1');
    expect(`${error.message} ${error.hint}`).not.toMatch(/topsecret|postgres:\/\//);
  });

  it('unknown database: config database-not-found', async () => {
    const error = await failure({ ...server, database: 'no_such_db_x' });
    expect(error).toMatchObject({ kind: 'config', code: 'database-not-found' });
    expect(error.hint).toContain('connection.database');
  });

  it('permission denied: names the table, the privilege and the grant', async () => {
    const reader = await failure({ ...server, user: role, schema: db.schema });
    expect(reader).toMatchObject({ kind: 'config', code: 'permission-denied' });
    expect(reader.message).toContain(`user "${role}" may not SELECT table "${db.schema}.accounts"`);
    expect(reader.hint).toContain(`GRANT SELECT ON "${db.schema}"."accounts"`);
    await db.sql(
      `GRANT SELECT ON ${pg.escapeIdentifier(db.schema)}.accounts TO ${pg.escapeIdentifier(role)}`,
    );
    const writer = await failure({ ...server, user: role, schema: db.schema }, 'target');
    expect(writer.message).toContain('may not INSERT and UPDATE');
  });

  it('sorts server and socket errors into kinds', () => {
    const pgError = (code: string) => Object.assign(new Error(`boom ${code}`), { code });
    const kind = (error: unknown) => {
      const e = toPostgresError(error, address, 'writing', 'write');
      return [e.kind, e.code];
    };
    expect(kind(pgError('40001'))).toEqual(['transient', 'postgres-conflict']);
    expect(kind(pgError('40P01'))).toEqual(['transient', 'postgres-conflict']);
    expect(kind(pgError('57P01'))).toEqual(['transient', 'connection-lost']);
    expect(kind(pgError('08006'))).toEqual(['transient', 'connection-lost']);
    expect(kind(pgError('ECONNREFUSED'))).toEqual(['transient', 'unreachable']);
    expect(kind(pgError('ECONNRESET'))).toEqual(['transient', 'connection-lost']);
    expect(kind(new Error('Connection terminated unexpectedly'))).toEqual(['transient', 'connection-lost']);
    expect(kind(pgError('28P01'))).toEqual(['config', 'auth-failed']);
    expect(kind(pgError('42P01'))).toEqual(['config', 'table-not-found']);
    expect(kind(pgError('42501'))).toEqual(['config', 'permission-denied']);
    expect(kind(pgError('42703'))).toEqual(['config', 'postgres-refused']);
    expect(kind(pgError('53100'))).toEqual(['transient', 'postgres-unavailable']);
    expect(kind(pgError('XX000'))).toEqual(['fatal', 'postgres-failed']);
    expect(kind(pgError('22P02'))).toEqual(['fatal', 'postgres-failed']);
  });
});
