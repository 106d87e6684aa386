import type { Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Row } from '../../core/row.js';
import { copyFieldDecoder } from './copy-field-decoders.js';
import { copyTextParser } from './copy-text-parser.js';
import type { PgColumn, PgRelation } from './describe-relation.js';
import { keysetSql } from './keyset-sql.js';
import type { PostgresPool } from './open-postgres-pool.js';
import { isJsonType, toPgText } from './postgres-values.js';
import type { PhaseQuery, PhaseReader } from './read-phase.js';
import { sqlLiteral } from './sql-literal.js';

/** A dead connection reports through its stream; this only keeps a late error from crashing the process. */
const ignore = () => {};

/** A column of the relation's `SELECT *`, in order, with the type OID the server reports for it. */
export interface ResultField {
  readonly name: string;
  readonly dataTypeID: number;
}

interface CopyScope {
  readonly connection: PostgresPool;
  readonly relation: PgRelation;
  readonly batchSize: number;
  /** The columns of `SELECT * FROM relation`, as the probe at open reported them. */
  readonly fields: readonly ResultField[];
}

/**
 * One `COPY (SELECT … ORDER BY …) TO STDOUT` over the whole phase, parsed from COPY text
 * straight into rows (docs/decisions/0040): the query runs once, and rows skip the driver's
 * per-row protocol work. Like the streamed cursor it holds one pooled connection, and its
 * snapshot, until the phase ends or the read stops; the position goes into the SQL as
 * literals, since COPY takes no parameters. The server is held back by the socket while a
 * batch waits, so at most a batch and a few chunks are in memory. Aborting `signal` (or
 * closing early) ends the COPY by dropping its connection, which the pool then replaces.
 */
export function openCopyReader(
  scope: CopyScope,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
  signal: AbortSignal,
): PhaseReader {
  const { connection, relation, batchSize } = scope;
  const sql = `COPY (${copySelectSql(relation.sql, phase, start)}) TO STDOUT`;
  const parser = copyTextParser(
    scope.fields.map((f) => ({ name: f.name, decode: copyFieldDecoder(f.dataTypeID) })),
    () => relation.label,
  );
  let client: pg.PoolClient | undefined;
  let stream: Readable | undefined;
  let chunks: AsyncIterator<Buffer> | undefined;
  let isDone = false;
  /** Rows parsed and not yet handed out; whole batches are cut from the front. */
  let parsed: Row[] = [];
  let stopAborted: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    stopAborted = () => signal.removeEventListener('abort', onAbort);
  });
  aborted.catch(ignore);

  const release = (failure?: Error) => {
    stopAborted?.();
    const open = client;
    client = undefined;
    chunks = undefined;
    if (open === undefined) return;
    stream?.destroy();
    if (failure === undefined) open.removeListener('error', ignore);
    // An error makes the pool drop the connection, which also ends a COPY still running.
    open.release(failure);
  };
  const stop = () => {
    if (!isDone) release(new Error('read stopped before the COPY ended'));
    else release();
    isDone = true;
  };

  async function fill(): Promise<void> {
    if (client === undefined) {
      client = await Promise.race([connection.pool.connect(), aborted]);
      client.on('error', ignore);
      stream = client.query(copyTo(sql));
      stream.on('error', ignore);
      chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    }
    while (parsed.length < batchSize) {
      const chunk = await Promise.race([(chunks as AsyncIterator<Buffer>).next(), aborted]);
      if (chunk.done === true) {
        parser.end();
        isDone = true;
        release();
        return;
      }
      parser.write(chunk.value, parsed);
    }
  }

  return {
    async next() {
      if (!isDone && parsed.length < batchSize) {
        try {
          if (signal.aborted) throw signal.reason;
          await fill();
        } catch (error) {
          isDone = true;
          release(error instanceof Error ? error : new Error(String(error)));
          if (signal.aborted) throw signal.reason;
          throw connection.failure(error, `reading ${relation.label}`, 'read');
        }
      }
      if (parsed.length > batchSize) {
        const rows = parsed.slice(0, batchSize);
        parsed = parsed.slice(batchSize);
        return { rows, isLast: false };
      }
      const rows = parsed;
      parsed = [];
      return { rows, isLast: isDone };
    },
    async close() {
      parsed = [];
      stop();
    },
  };
}

/** The phase's SELECT with its start position inlined as typed literals (`'42'::int4`). */
export function copySelectSql(
  relation: string,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
): string {
  if (start === undefined) return keysetSql(relation, phase.order, phase.conditions, false, false);
  const literals = phase.order.map((c: PgColumn, i) => sqlLiteral(toPgText(start[i], isJsonType(c.type))));
  return keysetSql(relation, phase.order, phase.conditions, literals, false);
}
