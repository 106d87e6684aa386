import { createHash } from 'node:crypto';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import type { CopyTextLines, CopyTextReader } from '../../core/copy-text.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { BufferPool, laneBufferSize } from './buffer-pool.js';
import { checkKeys } from './check-keys.js';
import { binaryRecords, binaryToTextLines, readsAsBinary, textRecords } from './copy-binary.js';
import { compileCopyBinaryMapper } from './copy-binary-mapper.js';
import { copyLineCollector } from './copy-line-collector.js';
import { compileCopyTextMapper } from './copy-text-mapper.js';
import {
  batchesOf,
  copyTextColumns,
  lastRowOf,
  linesBatch,
  offersCopyText,
  parseLines,
} from './copy-text-source.js';
import {
  describeQuery,
  describeTable,
  type PgColumn,
  type PgRelation,
  requireColumns,
  requirePrivileges,
} from './describe-relation.js';
import { type CopyBatchReader, copyColumns, openCopyReader, openCopyStream } from './open-copy-reader.js';
import { openPostgresPool } from './open-postgres-pool.js';
import { decodePosition, type Position, positionAfter, type ReadIdentity } from './postgres-checkpoint.js';
import type { PostgresConfig } from './postgres-config.js';
import type { PostgresSourceOptions } from './postgres-source-options.js';
import { quoteIdentifier } from './quote-identifier.js';
import { openCursorReader, openKeysetReader, type PhaseQuery, type PhaseReader } from './read-phase.js';
import { type RangeScope, rangeBounds, readRange } from './read-range.js';

export { type PostgresSourceOptions, postgresSourceOptions } from './postgres-source-options.js';

/**
 * Reads through one streamed `COPY (SELECT …) TO STDOUT` per phase, parsed into the same
 * values as a query (0040). With `copy: false` it reads a table by keyset pages (one short
 * query per batch: no transaction held open, a dropped connection costs one page) and a query
 * by one streamed server-side cursor (a query re-run per page could cost its whole evaluation
 * each time). All order by (cursor, key), so the checkpoint after a batch is the last row's
 * values, and all read rows with a NULL cursor first, by key, so none is lost.
 */
export async function openPostgresSource(
  context: OpenContext<PostgresConfig>,
  request: SourceOpenOptions<PostgresSourceOptions>,
): Promise<Source> {
  const { system } = context;
  const { table, query, cursor, where } = request.options;
  const connection = await openPostgresPool(context);
  const { address } = connection;
  const pool = connection.pool;
  try {
    const relation =
      table !== undefined
        ? await describeTable(pool, address, request.options.schema ?? connection.schema, table)
        : await describeQuery(pool, address, query ?? '');
    if (table !== undefined) requirePrivileges(relation, address, ['SELECT'], 'read');
    const key = request.key.length > 0 ? request.key : requirePrimaryKey(relation, system);
    requireColumns(relation, system, key, 'key column', 'read');
    if (cursor !== undefined) requireColumns(relation, system, [cursor], 'cursor column', 'read');
    const column = (name: string) =>
      relation.columns.find((c) => c.name === name) as PgRelation['columns'][number];
    const keyColumns = key.map(column);
    const cursorColumn = cursor === undefined ? undefined : column(cursor);
    const identity: ReadIdentity = {
      relation:
        table !== undefined
          ? `table ${relation.sql.replaceAll('"', '')}`
          : `query sha256:${hashOf(query ?? '')}`,
      keyColumns: key,
      cursorColumn: cursor ?? null,
    };
    const userConditions = where === undefined ? [] : [where];
    const phaseQuery = (phase: Position['phase']): PhaseQuery => {
      if (cursorColumn === undefined) return { order: keyColumns, key, conditions: userConditions };
      const c = quoteIdentifier(cursorColumn.name);
      return phase === 'main'
        ? { order: [cursorColumn, ...keyColumns], key, conditions: [`${c} IS NOT NULL`, ...userConditions] }
        : { order: keyColumns, key, conditions: [`${c} IS NULL`, ...userConditions] };
    };
    // Check the where: and the ORDER BY now, so a typo fails at open, not in the first batch.
    const { order, conditions } = phaseQuery('main');
    const probe = `SELECT * FROM ${relation.sql}${conditions.length ? ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : ''} ORDER BY ${order.map((c) => quoteIdentifier(c.name)).join(', ')} LIMIT 0`;
    const { fields } = await pool.query(probe).catch((error: unknown) => {
      throw connection.failure(error, `reading ${relation.label}`, 'read');
    });

    const scope = { connection, address, relation, batchSize: request.batchSize };
    // Keyset pages when an index gives the order (each page is a short index range scan);
    // otherwise one streamed cursor, since every page would repeat a scan and a sort of the
    // whole relation (65 s against 13 s for 1M rows without an index on the cursor column).
    const isIndexed = (order: readonly PgColumn[]) =>
      relation.indexedOrders.some((index) => order.every((c, i) => index[i] === c.name));
    const openPhase = (position: Position, signal: AbortSignal): PhaseReader => {
      const phase = phaseQuery(position.phase);
      if (request.options.copy) return openCopyReader({ ...scope, fields }, phase, position.after, signal);
      return isIndexed(phase.order)
        ? openKeysetReader(scope, phase, position.after)
        : openCursorReader(scope, phase, position.after);
    };

    /**
     * Reads phase after phase from the checkpoint: `open` starts a phase's reader, `settle`
     * checks a batch and turns it into the engine's Batch with the checkpoint after it. A plain
     * iterator, not an async generator: a suspended generator may keep the rows of an earlier
     * batch alive in its registers while the engine reads ahead (0047).
     */
    function readPhases<B>(
      from: Checkpoint | undefined,
      signal: AbortSignal,
      open: OpenPhase<B>,
      settle: SettleBatch<B>,
    ): AsyncIterable<Batch> {
      return { [Symbol.asyncIterator]: () => phaseBatches(from, signal, open, settle) };
    }

    function phaseBatches<B>(
      from: Checkpoint | undefined,
      signal: AbortSignal,
      open: OpenPhase<B>,
      settle: SettleBatch<B>,
    ): AsyncIterator<Batch> {
      let position: Position | undefined;
      let reader: CopyBatchReader<B> | undefined;
      /** The last row handed out, to check the next batch's first key against. */
      let previous: Row | undefined;
      let isDone = false;
      const stop = async () => {
        isDone = true;
        const opened = reader;
        reader = undefined;
        previous = undefined;
        await opened?.close();
      };
      /** The next batch, or undefined once every phase is read. */
      const nextBatch = async (): Promise<Batch | undefined> => {
        while (!isDone) {
          // Stop between batches only: a batch is either handed over whole or not at all.
          if (signal.aborted) throw signal.reason;
          position ??= decodePosition(from, identity, system);
          reader ??= open(position, signal);
          const next = await reader.next();
          const settled = settle(next.batch, previous);
          const last = settled.last;
          let batch: Batch | undefined;
          if (last !== undefined) {
            previous = last;
            const keyValues = key.map((k) => last[k]);
            const [after, checkpoint] = positionAfter(
              identity,
              position.phase,
              keyValues,
              cursor && last[cursor],
            );
            position = after;
            batch = settled.batch(checkpoint);
          }
          if (next.isLast) {
            const ended = reader;
            reader = undefined;
            previous = undefined;
            await ended.close();
            if (position.phase === 'main') isDone = true;
            else position = { phase: 'main', after: undefined };
          }
          if (batch !== undefined) return batch;
        }
        return undefined;
      };
      return {
        async next() {
          let batch: Batch | undefined;
          try {
            batch = await nextBatch();
          } catch (error) {
            await stop();
            throw error;
          }
          return batch === undefined ? { done: true, value: undefined } : { done: false, value: batch };
        },
        async return() {
          await stop();
          return { done: true, value: undefined };
        },
      };
    }

    const read = (from: Checkpoint | undefined, signal: AbortSignal) =>
      readPhases<readonly Row[]>(
        from,
        signal,
        (position, signal) => batchesOf(openPhase(position, signal)),
        (rows, previous) => {
          checkKeys(rows, previous, key, relation.label, system);
          return { last: rows[rows.length - 1], batch: (checkpoint) => ({ rows, checkpoint }) };
        },
      );
    /** The same reads as COPY text lines, for the lane to a PostgreSQL target (0049). */
    const copyTextReader = (): CopyTextReader => {
      const copyScope = { ...scope, fields };
      const columns = copyColumns(copyScope);
      const label = () => relation.label;
      const parse = (lines: CopyTextLines) => parseLines(columns, lines, label);
      // Binary tuples (0052) are parsed as the text COPY would have sent them.
      const oids = fields.map((f) => f.dataTypeID);
      const parseBinary = (lines: CopyTextLines) => parse(binaryToTextLines(oids, lines));
      // One pool for the reader's phases: a batch may still hold lines of the last phase.
      const pool = new BufferPool(laneBufferSize, 32);
      return {
        dialect: 'postgresql-copy-text',
        formats: oids.every(readsAsBinary) ? ['text', 'binary'] : ['text'],
        columns: copyTextColumns(fields, relation),
        read: (from, signal, format = 'text') => {
          const binary = format === 'binary';
          const parseAny = binary ? parseBinary : parse;
          // Records of the stream: a binary format is made per COPY (it skips the COPY's header).
          const records = () => (binary ? binaryRecords(oids.length, label) : textRecords);
          const lastFormat = records();
          return readPhases<CopyTextLines>(
            from,
            signal,
            (position, signal) =>
              openCopyStream(
                copyScope,
                phaseQuery(position.phase),
                position.after,
                signal,
                copyLineCollector(label, pool, records()),
                binary,
              ),
            (lines) => ({
              last: lastRowOf(lines, parseAny, lastFormat),
              batch: (checkpoint) => linesBatch(lines, checkpoint, parseAny),
            }),
          );
        },
        compile: (plan, format = 'text') =>
          format === 'binary'
            ? compileCopyBinaryMapper(
                columns.map((c, i) => ({ ...c, oid: oids[i] as number })),
                plan,
              )
            : compileCopyTextMapper(columns, plan, label),
      };
    };

    const range: RangeScope = {
      connection,
      relation,
      system,
      key,
      conditions: userConditions,
      identity,
      batchSize: request.batchSize,
    };
    return {
      incremental: cursor !== undefined,
      readAhead: true,
      read,
      ...(request.options.copy && offersCopyText(relation, key) ? { copyText: copyTextReader() } : {}),
      readRange: (ranges, signal) => readRange(range, ranges, signal),
      rangeBounds: (column, ranges) => rangeBounds(range, column, ranges),
      close: connection.close,
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

/** Starts the reader of one phase of a read, from a position. */
type OpenPhase<B> = (position: Position, signal: AbortSignal) => CopyBatchReader<B>;

/** Checks a phase reader's batch; gives its last row and the engine's Batch for the checkpoint after it. */
type SettleBatch<B> = (
  batch: B,
  previous: Row | undefined,
) => { last: Row | undefined; batch(checkpoint: Checkpoint): Batch };

function requirePrimaryKey(relation: PgRelation, system: string): readonly string[] {
  if (relation.primaryKey.length > 0) return relation.primaryKey;
  throw new IntegrationError(`System "${system}": ${relation.label} has no primary key to page by`, {
    kind: 'config',
    code: 'key-required',
    stage: 'read',
    hint: "Add `key:` to the flow's from: block, naming the column(s) that identify a row uniquely.",
  });
}

function hashOf(text: string): string {
  return createHash('sha256').update(text.trim()).digest('hex').slice(0, 16);
}
