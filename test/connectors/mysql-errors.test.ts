import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlConfig } from '../../src/connectors/mysql/mysql-config.js';
import { toMysqlError } from '../../src/connectors/mysql/mysql-error.js';
import { mysqlSourceOptions, openMysqlSource } from '../../src/connectors/mysql/mysql-source.js';
import { mysqlTargetOptions, openMysqlTarget } from '../../src/connectors/mysql/mysql-target.js';
import type { Source, Target } from '../../src/core/connector.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import { never, readAll } from './helpers.js';
import { createTestDatabase, server, type TestDatabase } from './mysql-test-database.js';

/** The messages a user sees for the mistakes a user makes: each names the system and what to check. */

let db: TestDatabase;
const suffix = randomBytes(4).toString('hex');
const user = `syncline_t_${suffix}`;
// Characters that must be URL-encoded, to prove the url form decodes them.
const password = `S3cret:@/${suffix}`;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql(`CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20));
    CREATE TABLE invoices (id INT PRIMARY KEY, total DECIMAL(10,2));
    CREATE TABLE secrets (id INT PRIMARY KEY);
    INSERT INTO customers VALUES (1, 'Ann')`);
  await db.sql(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
  // May read customers and write invoices, but not read invoices; secrets is out of sight.
  await db.sql(`GRANT SELECT ON \`${db.name}\`.customers TO '${user}'@'%'`);
  await db.sql(`GRANT INSERT ON \`${db.name}\`.invoices TO '${user}'@'%'`);
});
afterAll(async () => {
  await db?.sql(`DROP USER IF EXISTS '${user}'@'%'`);
  await db?.drop();
});

function source(config: Record<string, unknown>, table = 'customers'): Promise<Source> {
  return openMysqlSource(
    { system: 'erp', config: mysqlConfig.parse(config), baseDir: '.' },
    { options: mysqlSourceOptions.parse({ table }), key: [], batchSize: 10 },
  );
}

function target(config: Record<string, unknown>, table: string): Promise<Target> {
  return openMysqlTarget(
    { system: 'erp', config: mysqlConfig.parse(config), baseDir: '.' },
    { options: mysqlTargetOptions.parse({ table }), key: [], mode: 'insert', resume: undefined },
  );
}

const asUser = (pw = password) => ({
  host: server.host,
  port: server.port,
  user,
  password: pw,
  database: db.name,
});

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(IntegrationError);
  const integration = error as IntegrationError;
  // The password never shows, wherever a message might carry it.
  for (const text of [
    integration.message,
    integration.hint ?? '',
    String((integration.cause as Error)?.message),
  ]) {
    expect(text).not.toContain(password);
    expect(text).not.toContain(encodeURIComponent(password));
  }
  return integration;
}

describe('mysql connector: connection errors', () => {
  it('connects with a url whose password needs URL-encoding', async () => {
    const url = `mysql://${user}:${encodeURIComponent(password)}@${server.host}:${server.port}/${db.name}`;
    const opened = await source({ url });
    expect((await readAll(opened)).flatMap((b) => b.rows)).toEqual([{ id: 1, name: 'Ann' }]);
    await opened.close();
  });

  it('says the login was refused, naming the system, server and user, never the password', async () => {
    const error = await failure(source(asUser('wrong-password')));
    expect(error).toMatchObject({ kind: 'config', code: 'auth-failed' });
    expect(error.message).toContain(`System "erp": the server at ${server.host}:${server.port}`);
    expect(error.message).toMatch(/refused the login of user "syncline_t_\w+" \(Access denied for user/);
    expect(error.hint).toContain('Check the user and password of system "erp"');
    const viaUrl = await failure(
      source({
        url: `mysql://${user}:${encodeURIComponent(`${password}x`)}@${server.host}:${server.port}/${db.name}`,
      }),
    );
    expect(viaUrl.code).toBe('auth-failed');
  });

  it('reports a refused port as transient, naming where it tried', async () => {
    const error = await failure(source({ host: '127.0.0.1', port: 1, user, password, database: db.name }));
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'connection-refused',
      message: 'System "erp": cannot reach the server at 127.0.0.1:1: connection refused',
    });
  });

  it('names an unknown database, with a suggestion', async () => {
    const typo = `${db.name.slice(0, -1)}x`;
    const error = await failure(source({ ...server, database: typo }));
    expect(error).toMatchObject({ kind: 'config', code: 'database-not-found' });
    expect(error.message).toBe(
      `System "erp": the server at ${server.host}:${server.port} has no database "${typo}" — did you mean "${db.name}"?`,
    );
  });

  it('refuses a url with another scheme or no database, without quoting it', async () => {
    const error = await failure(source({ url: `postgres://${user}:${encodeURIComponent(password)}@h/db` }));
    expect(error).toMatchObject({ kind: 'config', code: 'connection-invalid' });
    const noDatabase = await failure(
      source({ url: `mysql://${user}:${encodeURIComponent(password)}@h:3306` }),
    );
    expect(noDatabase.code).toBe('connection-invalid');
    expect(mysqlConfig.safeParse({ url: 'mysql://h/db', host: 'h' }).success).toBe(false);
    expect(mysqlConfig.safeParse({ host: 'h' }).success).toBe(false);
    expect(mysqlConfig.safeParse({ host: 'h', database: 'd', port: '3307' }).data?.port).toBe(3307);
    expect(mysqlConfig.safeParse({ host: 'h', database: 'd', pasword: 'x' }).success).toBe(false);
  });
});

describe('mysql connector: table errors', () => {
  it('names a missing table with a suggestion and the tables there are', async () => {
    const error = await failure(source({ ...server, database: db.name }, 'customer'));
    expect(error).toMatchObject({
      kind: 'config',
      code: 'table-not-found',
      message: `System "erp" has no table "customer" in database "${db.name}" — did you mean "customers"?`,
      hint: 'Tables the user "root" can see: customers, invoices, secrets.',
    });
    const onTarget = await failure(target({ ...server, database: db.name }, 'invoice'));
    expect(onTarget.code).toBe('table-not-found');
  });

  it('says which privilege is missing on which table, at open', async () => {
    const notReadable = await failure(source(asUser(), 'invoices'));
    expect(notReadable).toMatchObject({ kind: 'config', code: 'permission-denied' });
    expect(notReadable.message).toMatch(
      /^System "erp": user "syncline_t_\w+" lacks the SELECT privilege on table "invoices" \(SELECT command denied/,
    );
    expect(notReadable.hint).toMatch(
      /^Grant it: GRANT SELECT ON `syncline_test_\w+`\.`invoices` TO 'syncline_t_\w+'@'[^']+';$/,
    );
    // A table the user holds no privilege on at all is hidden from it: still "not allowed", not "missing".
    const hidden = await failure(source(asUser(), 'secrets'));
    expect(hidden).toMatchObject({ code: 'permission-denied' });
    expect(hidden.message).toContain('lacks the SELECT privilege on table "secrets"');
  });

  it('reports a write the user may not make as a permission error for the whole batch', async () => {
    const writer = await target(asUser(), 'customers');
    const error = await failure(
      writer.write({ rows: [{ id: 2, name: 'Bo' }], key: [], mode: 'insert' }, never),
    );
    expect(error).toMatchObject({ kind: 'config', code: 'permission-denied', stage: 'write' });
    expect(error.message).toContain('lacks the INSERT privilege on table "customers"');
    await writer.close();
    const invoices = await target(asUser(), 'invoices');
    expect(
      await invoices.write({ rows: [{ id: 1, total: '9.99' }], key: [], mode: 'insert' }, never),
    ).toEqual({
      written: 1,
      rejected: [],
    });
    await invoices.close();
  });
});

describe('mysql connector: what the engine should do', () => {
  const place = {
    system: 'erp',
    endpoint: { host: 'db', port: 3306, user: 'app', database: 'erp' },
    server: 'MariaDB',
  };
  const serverError = (errno: number, code: string, sqlMessage: string) =>
    Object.assign(new Error(sqlMessage), { errno, code, sqlMessage });

  it('retries deadlocks, lock timeouts and lost connections; stops on the rest', () => {
    const cases: [Error, string, string][] = [
      [serverError(1213, 'ER_LOCK_DEADLOCK', 'Deadlock found'), 'transient', 'deadlock'],
      [serverError(1205, 'ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'), 'transient', 'lock-timeout'],
      [
        Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }),
        'transient',
        'connection-lost',
      ],
      [serverError(1146, 'ER_NO_SUCH_TABLE', "Table 'erp.t' doesn't exist"), 'config', 'table-not-found'],
      [
        serverError(
          1142,
          'ER_TABLEACCESS_DENIED_ERROR',
          "UPDATE command denied to user 'app'@'%' for table 't'",
        ),
        'config',
        'permission-denied',
      ],
      [
        serverError(1153, 'ER_NET_PACKET_TOO_LARGE', 'Got a packet bigger than max_allowed_packet'),
        'fatal',
        'mysql-failed',
      ],
    ];
    for (const [error, kind, code] of cases) {
      expect(toMysqlError(error, 'batch write failed', 'write', place)).toMatchObject({
        kind,
        code,
        stage: 'write',
      });
    }
    expect(toMysqlError(cases[4]?.[0], 'x', 'write', place).message).toBe(
      `System "erp": user "app" lacks the UPDATE privilege on table "t" (UPDATE command denied to user 'app'@'%' for table 't')`,
    );
  });

  it('gives up on an address that does not answer within connectTimeout, as transient', async () => {
    const started = Date.now();
    const error = await failure(
      source({ host: '10.255.255.1', port: 3306, user, password, database: 'x', connectTimeout: 300 }),
    );
    expect(error.kind).toBe('transient');
    expect(['connection-timeout', 'host-unreachable']).toContain(error.code);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
