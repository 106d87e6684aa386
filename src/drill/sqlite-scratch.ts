import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import { type ConnectContext, systemContext } from '../engine/connect-flow.js';
import { pointFlowAt } from './point-flow-at.js';
import type { ScratchTarget } from './scratch-target.js';
import { sqlName } from './sql-name.js';

/** A SQLite target copied, file and all, into a temp folder, its target table emptied. */
export function sqliteScratch(flow: CompiledFlow, context: ConnectContext): ScratchTarget {
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
