import pg from 'pg';
import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, systemContext } from '../engine/connect-flow.js';
import { pointFlowAt } from './point-flow-at.js';
import type { ScratchTarget } from './scratch-target.js';
import { sqlName } from './sql-name.js';

/** A PostgreSQL target table's empty twin (LIKE ... INCLUDING ALL) in a scratch schema. */
export async function postgresScratch(flow: CompiledFlow, context: ConnectContext): Promise<ScratchTarget> {
  const { config } = systemContext(flow.target, context) as { config: PgConnection };
  const options = flow.target.options as { table: string; schema?: string };
  const client = new pg.Client(pgClientConfig(config));
  await client.connect();
  const scratch = `syncline_drill_${process.pid}_${Date.now().toString(36)}`;
  const liveSchema = options.schema ?? config.schema;
  const live = liveSchema ? `${sqlName(liveSchema)}.${sqlName(options.table)}` : sqlName(options.table);
  const copy = `${sqlName(scratch)}.${sqlName(options.table)}`;
  try {
    await client.query(`CREATE SCHEMA ${sqlName(scratch)}`);
    await client.query(`CREATE TABLE ${copy} (LIKE ${live} INCLUDING ALL)`);
  } catch (error) {
    await client.query(`DROP SCHEMA IF EXISTS ${sqlName(scratch)} CASCADE`).catch(() => undefined);
    await client.end();
    throw new IntegrationError(
      `system "${flow.target.system}": cannot make a scratch copy of ${live}: ${(error as Error).message}`,
      { kind: 'config', code: 'drill-scratch-failed', hint: 'the role needs CREATE on the database' },
    );
  }
  return {
    flow: pointFlowAt(flow, flow.target.connection, { ...options, schema: scratch }),
    where: `${scratch}.${options.table}`,
    async readKeys() {
      const columns = flow.target.key.map(sqlName).join(', ');
      const result = await client.query({ text: `SELECT ${columns} FROM ${copy}`, rowMode: 'array' });
      return result.rows as unknown[][];
    },
    async remove() {
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${sqlName(scratch)} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

interface PgConnection {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
  readonly schema?: string;
}

function pgClientConfig(config: PgConnection): pg.ClientConfig {
  if (config.url) return { connectionString: config.url };
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: config.database,
  };
}
