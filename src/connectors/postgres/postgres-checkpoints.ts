import type pg from 'pg';
import { IntegrationError } from '../../core/integration-error.js';
import type { Checkpoint, JsonValue } from '../../core/row.js';
import {
  checkpointAhead,
  checkpointPosition,
  checkpointTableName,
  type TargetCheckpointRow,
} from '../target-checkpoint.js';
import type { PgRelation } from './describe-relation.js';
import type { PostgresPool } from './open-postgres-pool.js';
import { quoteIdentifier } from './quote-identifier.js';

/** A flow's checkpoint kept in the target database (`checkpointInTarget: true`, decision 0020). */
export interface PostgresCheckpoints {
  /** The checkpoint committed with the last batch, when the state store is behind it. */
  readonly ahead: Checkpoint | undefined;
  position(): JsonValue;
  /**
   * The statement that stores `checkpoint` as the next one, run inside the batch's transaction
   * just before COMMIT; `committed`, called once that transaction committed it, makes it the
   * current one.
   */
  prepare(checkpoint: Checkpoint): { write(client: pg.PoolClient): Promise<void>; committed(): void };
}

/**
 * Creates `syncline_checkpoints` beside the target table when missing and reads the flow's row.
 * The checkpoint is kept as JSON text, exactly as the source produced it.
 */
export async function openPostgresCheckpoints(
  connection: PostgresPool,
  relation: PgRelation,
  flow: string | undefined,
  resume: JsonValue | undefined,
): Promise<PostgresCheckpoints> {
  if (flow === undefined) {
    throw new IntegrationError(`checkpointInTarget: ${relation.label} was opened outside a flow`, {
      kind: 'fatal',
      code: 'flow-unknown',
      stage: 'checkpoint',
    });
  }
  // The table's own schema: `"schema"."table"` -> `"schema"`.
  const schema = /^("(?:[^"]|"")*")\./.exec(relation.sql)?.[1] ?? quoteIdentifier('public');
  const table = `${schema}.${quoteIdentifier(checkpointTableName)}`;
  let row: TargetCheckpointRow | undefined;
  try {
    await connection.pool.query(
      `CREATE TABLE IF NOT EXISTS ${table} (flow text PRIMARY KEY, seq bigint NOT NULL, checkpoint text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    const found = await connection.pool.query<{ seq: string; checkpoint: string }>(
      `SELECT seq::text AS seq, checkpoint FROM ${table} WHERE flow = $1`,
      [flow],
    );
    const first = found.rows[0];
    row = first && { seq: Number(first.seq), checkpoint: JSON.parse(first.checkpoint) as Checkpoint };
  } catch (error) {
    throw connection.failure(error, `keeping checkpoints in ${table} (checkpointInTarget)`, 'checkpoint');
  }
  let seq = row?.seq ?? 0;
  return {
    ahead: checkpointAhead(row, resume),
    position: () => checkpointPosition(seq),
    prepare(checkpoint) {
      const next = seq + 1;
      return {
        async write(client) {
          await client.query(
            `INSERT INTO ${table} (flow, seq, checkpoint, updated_at) VALUES ($1, $2, $3, now())
             ON CONFLICT (flow) DO UPDATE SET seq = EXCLUDED.seq, checkpoint = EXCLUDED.checkpoint, updated_at = EXCLUDED.updated_at`,
            [flow, next, JSON.stringify(checkpoint)],
          );
        },
        committed() {
          seq = next;
        },
      };
    },
  };
}
