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

export interface CopyScope {
  readonly connection: PostgresPool;
  readonly relation: PgRelation;
  readonly batchSize: number;
  /** The columns of `SELECT * FROM relation`, as the probe at open reported them. */
  readonly fields: readonly ResultField[];
}

/**
 * What a COPY stream's bytes are gathered into until a batch is taken: parsed rows
 * (openCopyReader) or the lines themselves (openCopyLineReader, the COPY text lane).
 */
export interface CopyCollector<B> {
  /** Takes a chunk of the stream; throws if it is not COPY text of the expected shape. */
  write(chunk: Buffer): void;
  /** Complete rows gathered and not yet taken. */
  readonly count: number;
  /** The first `count` rows (at most), removed from what is gathered. */
  take(count: number): B;
  /** The stream ended: throws if a partial line is left. */
  end(): void;
  /** Drops everything gathered. */
  clear(): void;
}

/** Hands out one phase's COPY output a batch at a time. */
export interface CopyBatchReader<B> {
  next(): Promise<{ readonly batch: B; readonly isLast: boolean }>;
  close(): Promise<void>;
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
  const reader = openCopyStream(scope, phase, start, signal, rowCollector(scope));
  return {
    async next() {
      const { batch, isLast } = await reader.next();
      return { rows: batch, isLast };
    },
    close: () => reader.close(),
  };
}

/** The COPY's columns, decoded as a query through the driver would (0005). */
export function copyColumns(scope: Pick<CopyScope, 'fields'>) {
  return scope.fields.map((f) => ({ name: f.name, decode: copyFieldDecoder(f.dataTypeID) }));
}

function rowCollector(scope: CopyScope): CopyCollector<Row[]> {
  const parser = copyTextParser(copyColumns(scope), () => scope.relation.label);
  /** Rows parsed and not yet handed out; whole batches are cut from the front. */
  let parsed: Row[] = [];
  return {
    write: (chunk) => parser.write(chunk, parsed),
    get count() {
      return parsed.length;
    },
    take(count) {
      if (parsed.length <= count) {
        const rows = parsed;
        parsed = [];
        return rows;
      }
      const rows = parsed.slice(0, count);
      parsed = parsed.slice(count);
      return rows;
    },
    end: () => parser.end(),
    clear() {
      parsed = [];
    },
  };
}

/**
 * The stream under openCopyReader and the COPY text lane, gathering into `collector`; in
 * PostgreSQL's binary format with `binary` (the lane's binary tuples, 0052).
 */
export function openCopyStream<B>(
  scope: CopyScope,
  phase: PhaseQuery,
  start: readonly unknown[] | undefined,
  signal: AbortSignal,
  collector: CopyCollector<B>,
  binary = false,
): CopyBatchReader<B> {
  const { connection, relation, batchSize } = scope;
  const sql = `COPY (${copySelectSql(relation.sql, phase, start, scope.fields)}) TO STDOUT${binary ? ' (FORMAT binary)' : ''}`;
  let client: pg.PoolClient | undefined;
  let stream: Readable | undefined;
  let isEnded = false;
  let failure: Error | undefined;
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
        collector.write(chunk);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        copy.pause();
        notify();
        return;
      }
      // Enough for the batch asked for: let the socket hold the server back until the next.
      if (collector.count >= batchSize) {
        copy.pause();
        notify();
      }
    });
    copy.on('end', () => {
      try {
        collector.end();
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

  /** Waits until a batch is gathered, the COPY ended, it failed or the read was aborted. */
  const fill = async () => {
    if (client === undefined) begin(await connectUnlessAborted(connection, signal));
    while (collector.count < batchSize && !isEnded && failure === undefined && !signal.aborted) {
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
      if (!isEnded && collector.count < batchSize) {
        try {
          if (signal.aborted) throw signal.reason;
          await fill();
        } catch (error) {
          isEnded = true;
          collector.clear();
          release(error instanceof Error ? error : new Error(String(error)));
          if (signal.aborted) throw signal.reason;
          throw connection.failure(error, `reading ${relation.label}`, 'read');
        }
      }
      if (isEnded) release();
      const isLast = isEnded && collector.count <= batchSize;
      return { batch: collector.take(batchSize), isLast };
    },
    async close() {
      collector.clear();
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
