import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, systemContext } from '../engine/connect-flow.js';

/** A throw-away copy of a flow's target: the flow pointed at it, a key reader, and cleanup. */
export interface ScratchTarget {
  /** The flow, writing to the scratch copy instead of the live target. */
  readonly flow: CompiledFlow;
  /** Where the copy lives, for the report. */
  readonly where: string;
  /** Every target row's key values (the flow's target key), read with plain SQL. */
  readKeys(): Promise<readonly (readonly unknown[])[]>;
  remove(): Promise<void>;
}

/**
 * Copies the flow's target so a drill never writes to the live system (docs/decisions/0018):
 * a SQLite target is copied file and all into a temp folder; a PostgreSQL target table gets an
 * empty twin (same columns, keys and defaults) in a scratch schema dropped afterwards.
 */
export async function openScratchTarget(flow: CompiledFlow, context: ConnectContext): Promise<ScratchTarget> {
  const kind = flow.target.connector.kind;
  if (kind === 'sqlite') return sqliteScratch(flow, context);
  if (kind === 'postgres') return postgresScratch(flow, context);
  throw new IntegrationError(`flow "${flow.name}": drills cannot yet copy a ${kind} target`, {
    kind: 'config',
    code: 'drill-target-unsupported',
    hint: 'drills run on flows whose target is sqlite or postgres (docs/drills.md)',
  });
}

function sqliteScratch(flow: CompiledFlow, context: ConnectContext): ScratchTarget {
  const { config } = systemContext(flow.target, context) as { config: { path: string } };
  const live = path.resolve(context.baseDir, config.path);
  if (!existsSync(live)) {
    throw new IntegrationError(`system "${flow.target.system}": SQLite database ${live} does not exist`, {
      kind: 'config',
      code: 'drill-target-missing',
      hint: `check connection.path of system "${flow.target.system}"`,
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'syncline-drill-'));
  const copy = path.join(dir, path.basename(live));
  // A consistent copy even while another process writes to the live file.
  const source = new Database(live, { readonly: true, fileMustExist: true });
  try {
    source.exec(`VACUUM INTO '${copy.replaceAll("'", "''")}'`);
  } catch {
    copyFileSync(live, copy);
  } finally {
    source.close();
  }
  const table = (flow.target.options as { table: string }).table;
  // Emptied, so the check proves the drill's run wrote every row itself.
  const db = new Database(copy);
  try {
    db.exec(`DELETE FROM ${sqlName(table)}`);
  } finally {
    db.close();
  }
  return {
    flow: pointFlowAt(flow, { ...flow.target.connection, path: copy }, flow.target.options),
    where: copy,
    async readKeys() {
      const db = new Database(copy, { readonly: true });
      try {
        const columns = flow.target.key.map(sqlName).join(', ');
        return db
          .prepare(`SELECT ${columns} FROM ${sqlName(table)}`)
          .raw()
          .all() as unknown[][];
      } finally {
        db.close();
      }
    },
    async remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresScratch(flow: CompiledFlow, context: ConnectContext): Promise<ScratchTarget> {
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

/** The flow writing to another place of the same system kind (a scratch copy). */
export function pointFlowAt(
  flow: CompiledFlow,
  connection: Readonly<Record<string, unknown>>,
  options: unknown,
): CompiledFlow {
  return { ...flow, target: { ...flow.target, connection, options } };
}

function sqlName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
