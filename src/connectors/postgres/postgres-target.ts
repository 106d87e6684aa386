import type {
  OpenContext,
  Target,
  TargetOpenOptions,
  WriteMode,
  WriteRequest,
  WriteResult,
} from '../../core/connector.js';
import type { CopyTextWriter } from '../../core/copy-text.js';
import { IntegrationError } from '../../core/integration-error.js';
import {
  describeTable,
  type PgColumn,
  type PgRelation,
  type Privilege,
  requireColumns,
  requirePrivileges,
} from './describe-relation.js';
import { directCopyGate } from './direct-copy-gate.js';
import { describePostgresShape } from './discover-postgres.js';
import { findMissingKeys } from './find-missing-keys.js';
import { openPostgresPool } from './open-postgres-pool.js';
import { openPostgresCheckpoints } from './postgres-checkpoints.js';
import type { PostgresConfig } from './postgres-config.js';
import { type PostgresTargetOptions, postgresTargetModes } from './postgres-target-options.js';
import { quoteIdentifier, quoteList } from './quote-identifier.js';
import { readRowsByKeys } from './read-rows-by-keys.js';
import { type WriteScope, writeBatch } from './write-batch.js';
import { writeCopyText } from './write-copy-text.js';

export {
  type PostgresTargetOptions,
  postgresTargetModes,
  postgresTargetOptions,
} from './postgres-target-options.js';

type PostgresMode = (typeof postgresTargetModes)[number];

const privilegesFor: Readonly<Record<PostgresMode, readonly Privilege[]>> = {
  insert: ['INSERT'],
  // ON CONFLICT reads the conflicting row, and DO UPDATE updates it.
  upsert: ['INSERT', 'UPDATE', 'SELECT'],
  update: ['UPDATE', 'SELECT'],
  delete: ['DELETE', 'SELECT'],
  mirror: ['INSERT', 'UPDATE', 'SELECT', 'DELETE'],
};

/**
 * Writes batches in one transaction each, set-based: rows of one shape are staged (array
 * parameters, or COPY for large groups) and merged by one statement per group. A bad row fails
 * the whole statement; the batch is then redone with savepoints, halving the failing ranges
 * until the bad rows are isolated and returned as rejected, and the good ones committed.
 */
export async function openPostgresTarget(
  context: OpenContext<PostgresConfig>,
  request: TargetOpenOptions<PostgresTargetOptions>,
): Promise<Target> {
  const { system } = context;
  const connection = await openPostgresPool(context);
  const { address } = connection;
  try {
    const { options } = request;
    const relation = await describeTable(
      connection.pool,
      address,
      options.schema ?? connection.schema,
      options.table,
    );
    const where = `System "${system}", ${relation.label}`;
    if (!relation.isTable) {
      throw new IntegrationError(`${where} is a view; syncline writes to tables only`, {
        kind: 'config',
        code: 'target-is-view',
      });
    }
    const effectiveKey = (key: readonly string[]) => (key.length > 0 ? key : relation.primaryKey);
    const checked = new Set<string>();
    const checkModeAndKey = (mode: WriteMode, key: readonly string[]): PostgresMode => {
      const id = `${mode}\u0000${key.join('\u0001')}`;
      if (!checked.has(id)) {
        checkModeAndKeyOnce(relation, address, mode, key);
        checked.add(id);
      }
      return mode as PostgresMode;
    };
    checkModeAndKey(request.mode, effectiveKey(request.key));
    const directCopy = directCopyGate();
    const checkpoints = options.checkpointInTarget
      ? await openPostgresCheckpoints(connection, relation, request.flow, request.resume)
      : undefined;

    /** Where and how a batch is written; `beforeCommit` keeps the checkpoint in its transaction. */
    const writeScope = (beforeCommit: WriteScope['beforeCommit']): WriteScope => ({
      connection,
      relation,
      where,
      bulkThreshold: options.bulkThreshold,
      beforeCommit,
      directCopy,
    });

    async function write(batch: WriteRequest, signal: AbortSignal): Promise<WriteResult> {
      if (signal.aborted) throw signal.reason;
      const key = effectiveKey(batch.key);
      const mode = checkModeAndKey(batch.mode, key);
      const keep = batch.checkpoint === undefined ? undefined : checkpoints?.prepare(batch.checkpoint);
      const result = await writeBatch(
        writeScope(keep?.write),
        batch.rows,
        mode === 'mirror' ? 'upsert' : mode,
        key,
      );
      // writeBatch runs beforeCommit in the transaction that committed exactly when nothing was rejected.
      if (result.rejected.length === 0 && batch.rows.length > 0) keep?.committed();
      return result;
    }

    const byName = new Map(relation.columns.map((c) => [c.name, c]));
    const copyText: CopyTextWriter = {
      dialect: 'postgresql-copy-text',
      formats: options.copyBinary ? ['text', 'binary'] : ['text'],
      columns: relation.columns.filter((c) => !c.isComputed),
      overlaps: checkpoints === undefined,
      async write(request, signal) {
        if (signal.aborted) throw signal.reason;
        const key = effectiveKey(request.key);
        const mode = checkModeAndKey(request.mode, key);
        const columns = request.columns.map((name) => byName.get(name));
        // The lane plans inserts and upserts into known columns only; anything else goes the row path.
        if ((mode !== 'insert' && mode !== 'upsert') || columns.some((c) => c === undefined || c.isComputed))
          return undefined;
        const keep = request.checkpoint === undefined ? undefined : checkpoints?.prepare(request.checkpoint);
        const result = await writeCopyText(
          writeScope(keep?.write),
          columns as PgColumn[],
          request.lines,
          mode,
          key,
          request.format === 'binary',
        );
        if (result !== undefined && request.lines.count > 0) keep?.committed();
        return result;
      },
    };

    return {
      write,
      ...(options.copyText ? { copyText } : {}),
      ...(checkpoints && { position: checkpoints.position, checkpointAhead: () => checkpoints.ahead }),
      async describe() {
        try {
          return await describePostgresShape(connection.pool, relation.sql);
        } catch (error) {
          throw connection.failure(error, `describing ${relation.label}`, 'write');
        }
      },
      async readByKeys(keys, key) {
        const effective = effectiveKey(key);
        requireColumns(relation, system, effective, 'key column', 'read');
        try {
          return await readRowsByKeys(connection.pool, relation, keys, effective);
        } catch (error) {
          throw connection.failure(error, `reading ${relation.label} by key`, 'read');
        }
      },
      async findMissingKeys(seen, key) {
        const effective = effectiveKey(key);
        requireColumns(relation, system, effective, 'key column', 'write');
        return findMissingKeys(connection, relation, seen, effective);
      },
      close: connection.close,
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

function checkModeAndKeyOnce(
  relation: PgRelation,
  address: Parameters<typeof requirePrivileges>[1],
  mode: WriteMode,
  key: readonly string[],
): void {
  const where = `System "${address.system}", ${relation.label}`;
  if (!(postgresTargetModes as readonly string[]).includes(mode)) {
    throw new IntegrationError(`${where}: mode "${mode}" is not supported by the postgres connector`, {
      kind: 'config',
      code: 'mode-not-supported',
      stage: 'write',
      hint: `Use one of: ${postgresTargetModes.join(', ')}.`,
    });
  }
  requirePrivileges(relation, address, privilegesFor[mode as PostgresMode], 'write');
  if (mode === 'insert') return;
  if (key.length === 0) {
    throw new IntegrationError(`${where} has no primary key, and mode "${mode}" needs one to find rows`, {
      kind: 'config',
      code: 'key-required',
      stage: 'write',
      hint: "Add `key:` to the flow's to: block.",
    });
  }
  requireColumns(relation, address.system, key, 'key column', 'write');
  if (
    (mode === 'upsert' || mode === 'mirror') &&
    !relation.uniqueKeys.some((unique) => sameSet(unique, key))
  ) {
    throw new IntegrationError(
      `${where}: ${mode} by (${key.join(', ')}) needs a unique index on exactly those columns`,
      {
        kind: 'config',
        code: 'unique-key-required',
        stage: 'write',
        hint: `Add one: CREATE UNIQUE INDEX ON ${relation.sql} (${quoteList(key)}); — or name the key of an existing unique index (${describeKeys(relation)}).`,
      },
    );
  }
}

function describeKeys(relation: PgRelation): string {
  return relation.uniqueKeys.length === 0
    ? 'the table has none'
    : relation.uniqueKeys.map((k) => `(${k.map(quoteIdentifier).join(', ')})`).join(', ');
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}
