import type { PoolConnection } from 'mysql2/promise';
import { IntegrationError } from '../../core/integration-error.js';
import type { Checkpoint, JsonValue } from '../../core/row.js';
import {
  checkpointAhead,
  checkpointPosition,
  checkpointTableName,
  type TargetCheckpointRow,
} from '../target-checkpoint.js';
import { toMysqlError } from './mysql-error.js';
import type { MysqlPool } from './open-mysql-pool.js';
import { quoteIdentifier } from './quote-identifier.js';

/** A flow's checkpoint kept in the target database (`checkpointInTarget: true`, decision 0020). */
export interface MysqlCheckpoints {
  /** The checkpoint committed with the last batch, when the state store is behind it. */
  readonly ahead: Checkpoint | undefined;
  position(): JsonValue;
  /** Stores `checkpoint` as the next one inside the batch's transaction, before COMMIT. */
  write(connection: PoolConnection, checkpoint: Checkpoint): Promise<void>;
  /** After the COMMIT: the checkpoint just written is the current one. */
  committed(): void;
}

/**
 * Creates `syncline_checkpoints` in the target's database when missing and reads the flow's
 * row. The checkpoint is kept as JSON text, exactly as the source produced it.
 */
export async function openMysqlCheckpoints(
  pool: MysqlPool,
  flow: string | undefined,
  resume: JsonValue | undefined,
): Promise<MysqlCheckpoints> {
  if (flow === undefined) {
    throw new IntegrationError('checkpointInTarget: the target was opened outside a flow', {
      kind: 'fatal',
      code: 'flow-unknown',
      stage: 'checkpoint',
    });
  }
  const table = quoteIdentifier(checkpointTableName);
  const connection = await pool.acquire('checkpoint');
  let failure: unknown;
  let row: TargetCheckpointRow | undefined;
  try {
    await connection.query(
      `CREATE TABLE IF NOT EXISTS ${table} (flow VARCHAR(191) NOT NULL PRIMARY KEY, seq BIGINT NOT NULL, checkpoint LONGTEXT NOT NULL, updated_at DATETIME(6) NOT NULL) ENGINE=InnoDB`,
    );
    const [rows] = await connection.query(
      `SELECT CAST(seq AS CHAR) AS seq, checkpoint FROM ${table} WHERE flow = ?`,
      [flow],
    );
    const first = (rows as { seq: string; checkpoint: string }[])[0];
    row = first && { seq: Number(first.seq), checkpoint: JSON.parse(first.checkpoint) as Checkpoint };
  } catch (error) {
    failure = error;
    throw toMysqlError(
      error,
      'keeping checkpoints (checkpointInTarget) failed',
      'checkpoint',
      pool.place(checkpointTableName),
    );
  } finally {
    pool.release(connection, failure);
  }
  let seq = row?.seq ?? 0;
  let pending: number | undefined;
  return {
    ahead: checkpointAhead(row, resume),
    position: () => checkpointPosition(seq),
    async write(batchConnection, checkpoint) {
      pending = seq + 1;
      await batchConnection.query(
        `INSERT INTO ${table} (flow, seq, checkpoint, updated_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6))
         ON DUPLICATE KEY UPDATE seq = VALUES(seq), checkpoint = VALUES(checkpoint), updated_at = VALUES(updated_at)`,
        [flow, pending, JSON.stringify(checkpoint)],
      );
    },
    committed() {
      if (pending !== undefined) seq = pending;
      pending = undefined;
    },
  };
}
