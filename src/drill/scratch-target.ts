import { IntegrationError } from '../core/integration-error.js';
import type { CompiledFlow } from '../engine/compiled-flow.js';
import type { ConnectContext } from '../engine/connect-flow.js';
import { filesScratch } from './files-scratch.js';
import { sqliteScratch } from './sqlite-scratch.js';

/** A throw-away copy of a flow's target: the flow pointed at it, a key reader, and cleanup. */
export interface ScratchTarget {
  /** The flow, writing to the scratch copy instead of the live target. */
  readonly flow: CompiledFlow;
  /** Where the copy lives, for the report. */
  readonly where: string;
  /** Every target row's key values (the flow's target key), read with plain SQL or CSV parsing. */
  readKeys(): Promise<readonly (readonly unknown[])[]>;
  remove(): Promise<void>;
}

/**
 * Copies the flow's target so a drill never writes to the live system (docs/decisions/0018):
 * a SQLite target is copied file and all into a temp folder; a PostgreSQL target table gets an
 * empty twin (same columns, keys and defaults) in a scratch schema dropped afterwards; a MySQL
 * one likewise in a scratch database; a files target writes into an empty temp folder.
 */
export async function openScratchTarget(flow: CompiledFlow, context: ConnectContext): Promise<ScratchTarget> {
  const kind = flow.target.connector.kind;
  if (kind === 'sqlite') return sqliteScratch(flow, context);
  // The server drivers load only for a drill that needs them.
  if (kind === 'postgres') return (await import('./postgres-scratch.js')).postgresScratch(flow, context);
  if (kind === 'mysql') return (await import('./mysql-scratch.js')).mysqlScratch(flow, context);
  if (kind === 'files') return filesScratch(flow, context);
  throw new IntegrationError(`flow "${flow.name}": drills cannot yet copy a ${kind} target`, {
    kind: 'config',
    code: 'drill-target-unsupported',
    hint: 'drills run on flows whose target is sqlite, postgres, mysql or files (docs/drills.md)',
  });
}
