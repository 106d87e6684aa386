import type {
  OpenContext,
  Target,
  TargetOpenOptions,
  WriteMode,
  WriteRequest,
  WriteResult,
} from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';
import { checkWriteMode, refuseView, uniqueKeyRequired } from '../sql-table-checks.js';
import { createKeyReader } from './create-key-reader.js';
import { describeMysqlTable, type MysqlTableInfo, requireColumns } from './describe-mysql-table.js';
import { describeMysqlShape } from './discover-mysql.js';
import { findMissingKeys } from './find-missing-keys.js';
import { openMysqlCheckpoints } from './mysql-checkpoints.js';
import type { MysqlConfig } from './mysql-config.js';
import { toMysqlError } from './mysql-error.js';
import { type MysqlTargetOptions, mysqlTargetModes } from './mysql-target-options.js';
import { openMysqlPool } from './open-mysql-pool.js';
import { createRowPlanner } from './plan-rows.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { RowContext } from './row-issue.js';
import { type BatchContext, type TargetMode, writeRows } from './write-batch.js';

export {
  type MysqlTargetOptions,
  mysqlTargetModes,
  mysqlTargetOptions,
} from './mysql-target-options.js';

/** Rows per multi-row statement; an UPDATE's CASE grows with the square of it, so it gets fewer. */
const rowsPerStatement: Readonly<Record<TargetMode, number>> = {
  insert: 1000,
  upsert: 1000,
  update: 200,
  delete: 1000,
};

export async function openMysqlTarget(
  context: OpenContext<MysqlConfig>,
  request: TargetOpenOptions<MysqlTargetOptions>,
): Promise<Target> {
  const { system } = context;
  const pool = await openMysqlPool(context, 'write');
  try {
    const info = await describeMysqlTable(pool, request.options.table, 'write');
    const where = `System "${system}", table "${info.name}"`;
    refuseView(where, info.isView);
    if (!info.isTransactional) {
      throw new IntegrationError(`${where} uses an engine without transactions (not InnoDB)`, {
        kind: 'config',
        code: 'table-not-transactional',
        hint: `Each batch is written in one transaction, with per-row savepoints for rejects; convert the table: ALTER TABLE ${quoteIdentifier(info.name)} ENGINE=InnoDB;`,
      });
    }
    const effectiveKey = (key: readonly string[]) => (key.length > 0 ? key : info.primaryKey);
    const plans = new Map<string, KeyPlan>();
    const planFor = (mode: WriteMode, key: readonly string[]): KeyPlan => {
      const id = `${mode}\u0000${key.join('\u0001')}`;
      let plan = plans.get(id);
      if (plan === undefined) {
        plan = planKey(info, system, mode, key);
        plans.set(id, plan);
      }
      return plan;
    };
    planFor(request.mode, effectiveKey(request.key));
    const checkpoints = request.options.checkpointInTarget
      ? await openMysqlCheckpoints(pool, request.flow, request.resume)
      : undefined;

    const rowContext: RowContext = {
      server: pool.server,
      columns: info.columnNames,
      uniqueIndexes: new Map([...info.uniqueIndexes].map(([name, index]) => [name, index.columns])),
    };
    // Room for the statement's own text; a statement longer than max_allowed_packet is refused.
    const statementBytes = Math.min(pool.maxAllowedPacket - 4096, 4 * 1024 * 1024);
    const planBatch = createRowPlanner(info, system, pool.maxAllowedPacket);
    const readRows = createKeyReader(pool, info);

    async function write(batch: WriteRequest, signal: AbortSignal): Promise<WriteResult> {
      if (signal.aborted) throw signal.reason;
      const key = effectiveKey(batch.key);
      const plan = planFor(batch.mode, key);
      const mode = batch.mode === 'mirror' ? 'upsert' : (batch.mode as TargetMode);
      const { rejected, count, planned } = planBatch(batch.rows, mode, key);
      if (count === 0) return { written: 0, rejected };

      const batchContext: BatchContext = {
        mode,
        rowContext,
        limits: { statementBytes, rowsPerStatement: rowsPerStatement[mode] },
        guard: plan.guard,
        otherUniques: plan.otherUniques,
      };
      const connection = await pool.acquire('write');
      let failure: unknown;
      try {
        await connection.query('START TRANSACTION');
        const outcome = await writeRows(connection, planned, batchContext, signal);
        // Only a whole batch carries its checkpoint: a rejected row's dead letter is not durable yet.
        const isWhole = rejected.length === 0 && outcome.rejected.length === 0;
        const keep = isWhole ? batch.checkpoint : undefined;
        if (checkpoints && keep !== undefined) await checkpoints.write(connection, keep);
        await connection.query('COMMIT');
        if (keep !== undefined) checkpoints?.committed();
        rejected.push(...outcome.rejected);
        return { written: outcome.written, rejected: rejected.sort((a, b) => a.index - b.index) };
      } catch (error) {
        const isAbort = signal.aborted && error === signal.reason;
        // An abort leaves the connection sound: it goes back to the pool after the rollback.
        failure = isAbort ? undefined : error;
        await connection.query('ROLLBACK').catch(() => undefined);
        if (isAbort) throw error;
        throw toMysqlError(error, 'batch write failed', 'write', pool.place(info.name));
      } finally {
        pool.release(connection, failure);
      }
    }

    return {
      write,
      ...(checkpoints && { position: checkpoints.position, checkpointAhead: () => checkpoints.ahead }),
      describe: () => describeMysqlShape(pool, info.name),
      async readByKeys(keys: readonly Row[], key: readonly string[]) {
        const effective = effectiveKey(key);
        requireColumns(info, system, effective, 'key column', 'read');
        return readRows(keys, effective);
      },
      async findMissingKeys(seen, key) {
        const effective = effectiveKey(key);
        requireColumns(info, system, effective, 'key column', 'write');
        return findMissingKeys(pool, info, seen, effective);
      },
      close: () => pool.close(),
    };
  } catch (error) {
    await pool.close();
    throw error;
  }
}

interface KeyPlan {
  readonly guard: string | undefined;
  /** The unique indexes other than the key's, for messages: `email (email)`. */
  readonly otherUniques: string;
}

/** Checks a mode and key against the table once, and works out the upsert guard. */
function planKey(info: MysqlTableInfo, system: string, mode: WriteMode, key: readonly string[]): KeyPlan {
  const where = `System "${system}", table "${info.name}"`;
  const none = { guard: undefined, otherUniques: '' };
  if (!checkWriteMode(where, 'mysql', mysqlTargetModes, mode, key)) return none;
  requireColumns(info, system, key, 'key column', 'write');
  if (mode !== 'upsert' && mode !== 'mirror') return none;
  const indexes = [...info.uniqueIndexes];
  const own = indexes.find(([, index]) => !index.isPrefix && sameSet(index.columns, key));
  if (own === undefined) throw uniqueKeyRequired(where, mode, info.name, key, quoteIdentifier);
  const others = indexes.filter(([name]) => name !== own[0]);
  if (others.length === 0) return none;
  const otherUniques = others.map(([name, index]) => `${name} (${index.columns.join(', ')})`).join(', ');
  const guard = key.find((k) => info.column.get(k)?.isNullable === false);
  if (guard === undefined) {
    throw new IntegrationError(
      `${where}: upsert by (${key.join(', ')}) is ambiguous: the table has other unique indexes (${otherUniques}) and no key column is NOT NULL`,
      {
        kind: 'config',
        code: 'upsert-ambiguous',
        stage: 'write',
        hint: 'MySQL updates the row that clashes on any unique index; make a key column NOT NULL, or upsert by the primary key.',
      },
    );
  }
  return { guard, otherUniques };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}
