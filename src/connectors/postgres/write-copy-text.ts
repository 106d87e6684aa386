import type pg from 'pg';
import type { WriteResult } from '../../core/connector.js';
import type { CopyTextLines } from '../../core/copy-text.js';
import { binaryHeader, binaryTrailer } from './copy-binary.js';
import type { PgColumn } from './describe-relation.js';
import { mergeSql } from './merge-sql.js';
import { isRowError } from './postgres-error.js';
import { stageCopyText } from './stage-rows.js';
import { copyStraightIn, type WriteScope, withWriteClient } from './write-batch.js';

/**
 * Writes COPY text lines of the lane (0049) in one transaction: straight into the table when
 * the direct COPY gate lets the batch try (0043), else staged and merged like the row path's
 * large groups. Binary tuples (`binary`, 0052) travel as binary COPY, staged in a table of the
 * target's own column types. A line whose data the server refuses rolls everything back and returns
 * undefined: the engine then writes the batch through the row path, which singles out the bad
 * records. Any other failure throws, as writeBatch does.
 */
export async function writeCopyText(
  scope: WriteScope,
  columns: readonly PgColumn[],
  lines: CopyTextLines,
  mode: 'insert' | 'upsert',
  key: readonly string[],
  binary = false,
): Promise<WriteResult | undefined> {
  if (lines.count === 0) return { written: 0, rejected: [] };
  const stream = binary
    ? { ...lines, chunks: [binaryHeader, ...lines.chunks, binaryTrailer], binary }
    : { ...lines, binary };
  return withWriteClient(scope, async (client) => {
    const written =
      (await copyDirectly(client, scope, columns, stream)) ??
      (await stageAndMerge(client, scope, columns, stream, mode, key));
    return written ? { written: lines.count, rejected: [] } : undefined;
  });
}

/** The lines to write, with the binary header and trailer around binary tuples. */
type Lines = CopyTextLines & { readonly binary: boolean };

/** true: written; undefined: not tried, or refused (the staged way follows). */
async function copyDirectly(
  client: pg.PoolClient,
  scope: WriteScope,
  columns: readonly PgColumn[],
  lines: Lines,
): Promise<true | undefined> {
  const gate = scope.directCopy;
  if (
    gate === undefined ||
    !scope.relation.copiesAsInsert ||
    lines.count < scope.bulkThreshold ||
    !gate.shouldTry()
  )
    return undefined;
  return (
    (await copyStraightIn(client, scope, [{ columns, lines: lines.chunks, binary: lines.binary }])) ||
    undefined
  );
}

/** true: written; false: a line was refused and nothing was written. */
async function stageAndMerge(
  client: pg.PoolClient,
  scope: WriteScope,
  columns: readonly PgColumn[],
  lines: Lines,
  mode: 'insert' | 'upsert',
  key: readonly string[],
): Promise<boolean> {
  try {
    const staged = await stageCopyText(client, lines, columns, 'BEGIN');
    const merge = mergeSql(scope.relation.sql, mode, key, columns, staged.slice(0, lines.count).sql);
    if (scope.beforeCommit === undefined) await client.query(`${merge}; COMMIT`);
    else {
      await client.query(merge);
      await scope.beforeCommit(client);
      await client.query('COMMIT');
    }
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (!isRowError(error)) throw error;
    return false;
  }
}
