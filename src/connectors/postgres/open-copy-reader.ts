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
import { quoteIdentifier } from './quote-identifier.js';
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
 * batch waits, so at most a batch and about 1 MB of COPY text are in memory. Aborting `signal` (or
 * closing early) ends the COPY by dropping its connection, which the pool then replaces.
 */
export function openCopyReader(
  scope: CopyScope,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
  signal: AbortSignal,
): PhaseReader {
  const { connection, relation, batchSize } = scope;
  const sql = `COPY (${copySelectSql(relation.sql, phase, start, scope.fields)}) TO STDOUT`;
  const parser = copyTextParser(
    scope.fields.map((f) => ({ name: f.name, decode: copyFieldDecoder(f.dataTypeID) })),
    () => relation.label,
  );
  let client: pg.PoolClient | undefined;
  let stream: Readable | undefined;
  let isEnded = false;
  let failure: Error | undefined;
  /** Rows parsed and not yet handed out; whole batches are cut from the front. */
  let parsed: Row[] = [];
  /** Wakes a next() waiting for rows, the end or a failure. */
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const onAbort = () => notify();
  signal.addEventListener('abort', onAbort, { once: true });

  const release = (error?: Error) => {
    signal.removeEventListener('abort', onAbort);
    const open = client;
    client = undefined;
    if (open === undefined) return;
    stream?.destroy();
    if (error === undefined) open.removeListener('error', ignore);
    // An error makes the pool drop the connection, which also ends a COPY still running.
    open.release(error);
  };

  const begin = (opened: pg.PoolClient) => {
    client = opened;
    opened.on('error', ignore);
    // A larger buffer than the default 16 kB keeps the socket busy while a batch is handed over.
    const copy = opened.query(copyTo(sql, { highWaterMark: 1 << 20 }));
    stream = copy;
    copy.on('data', (chunk: Buffer) => {
      try {
        parser.write(chunk, parsed);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        copy.pause();
        notify();
        return;
      }
      // Enough for the batch asked for: let the socket hold the server back until the next.
      if (parsed.length >= batchSize) {
        copy.pause();
        notify();
      }
    });
    copy.on('end', () => {
      try {
        parser.end();
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      isEnded = true;
      notify();
    });
    copy.on('error', (error: Error) => {
      failure ??= error;
      notify();
    });
  };

  /** Waits until a batch is parsed, the COPY ended, it failed or the read was aborted. */
  const fill = async () => {
    if (client === undefined) begin(await connectUnlessAborted(connection, signal));
    while (parsed.length < batchSize && !isEnded && failure === undefined && !signal.aborted) {
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      stream?.resume();
      await woken;
    }
    if (signal.aborted) throw signal.reason;
    if (failure !== undefined) throw failure;
  };

  return {
    async next() {
      if (!isEnded && parsed.length < batchSize) {
        try {
          if (signal.aborted) throw signal.reason;
          await fill();
        } catch (error) {
          isEnded = true;
          parsed = [];
          release(error instanceof Error ? error : new Error(String(error)));
          if (signal.aborted) throw signal.reason;
          throw connection.failure(error, `reading ${relation.label}`, 'read');
        }
      }
      if (isEnded) release();
      if (parsed.length > batchSize) {
        const rows = parsed.slice(0, batchSize);
        parsed = parsed.slice(batchSize);
        return { rows, isLast: false };
      }
      const rows = parsed;
      parsed = [];
      return { rows, isLast: isEnded };
    },
    async close() {
      parsed = [];
      release(isEnded ? undefined : new Error('read stopped before the COPY ended'));
      isEnded = true;
    },
  };
}

/** A pooled connection, or the abort's reason if the signal fires first (a late connection goes back). */
async function connectUnlessAborted(connection: PostgresPool, signal: AbortSignal): Promise<pg.PoolClient> {
  const connecting = connection.pool.connect();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([connecting, aborted]);
  } catch (error) {
    if (signal.aborted) connecting.then((late) => late.release(), ignore);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * The phase's SELECT, naming the columns the decoders were made for (a column added since the
 * source opened is left out, not misread), with its start position inlined as typed literals
 * (`E'42'::int4`).
 */
export function copySelectSql(
  relation: string,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
  fields: readonly ResultField[],
): string {
  const select = fields.map((f) => quoteIdentifier(f.name)).join(', ');
  const position =
    start === undefined
      ? false
      : phase.order.map((c: PgColumn, i) => sqlLiteral(toPgText(start[i], isJsonType(c.type))));
  return keysetSql(relation, phase.order, phase.conditions, position, false, select);
}
