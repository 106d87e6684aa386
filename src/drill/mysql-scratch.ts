import mysql from 'mysql2/promise';
import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, systemContext } from '../engine/connect-flow.js';
import { pointFlowAt } from './point-flow-at.js';
import type { ScratchTarget } from './scratch-target.js';

interface MysqlConnection {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

/** A MySQL/MariaDB target table's empty twin (CREATE TABLE ... LIKE) in a scratch database. */
export async function mysqlScratch(flow: CompiledFlow, context: ConnectContext): Promise<ScratchTarget> {
  const { config } = systemContext(flow.target, context) as { config: MysqlConnection };
  if (config.url || !config.database) {
    throw new IntegrationError(
      `system "${flow.target.system}": a drill needs the mysql connection as parts (host, user, database), not a url`,
      {
        kind: 'config',
        code: 'drill-connection-url',
        hint: 'the drill points the flow at a scratch database by replacing connection.database',
      },
    );
  }
  const table = (flow.target.options as { table: string }).table;
  const connection = await mysql.createConnection({
    host: config.host ?? '127.0.0.1',
    port: config.port ?? 3306,
    user: config.user ?? 'root',
    ...(config.password === undefined ? {} : { password: config.password }),
  });
  const scratch = `syncline_drill_${process.pid}_${Date.now().toString(36)}`;
  const live = `${name(config.database)}.${name(table)}`;
  const copy = `${name(scratch)}.${name(table)}`;
  try {
    await connection.query(`CREATE DATABASE ${name(scratch)}`);
    await connection.query(`CREATE TABLE ${copy} LIKE ${live}`);
  } catch (error) {
    await connection.query(`DROP DATABASE IF EXISTS ${name(scratch)}`).catch(() => undefined);
    await connection.end();
    throw new IntegrationError(
      `system "${flow.target.system}": cannot make a scratch copy of ${live}: ${(error as Error).message}`,
      { kind: 'config', code: 'drill-scratch-failed', hint: 'the user needs CREATE and DROP on databases' },
    );
  }
  return {
    flow: pointFlowAt(flow, { ...flow.target.connection, database: scratch }, flow.target.options),
    where: `${scratch}.${table}`,
    async readKeys() {
      const columns = flow.target.key.map(name).join(', ');
      const [rows] = await connection.query({ sql: `SELECT ${columns} FROM ${copy}`, rowsAsArray: true });
      return rows as unknown[][];
    },
    async remove() {
      try {
        await connection.query(`DROP DATABASE IF EXISTS ${name(scratch)}`);
      } finally {
        await connection.end();
      }
    },
  };
}

function name(identifier: string): string {
  return `\`${identifier.replaceAll('`', '``')}\``;
}
