import type { CopyTextColumn, CopyTextLines } from '../../core/copy-text.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { type RecordFormat, textRecords } from './copy-binary.js';
import { type CopyColumn, copyTextParser } from './copy-text-parser.js';
import type { PgRelation } from './describe-relation.js';
import type { CopyBatchReader, ResultField } from './open-copy-reader.js';
import type { PhaseReader } from './read-phase.js';

/**
 * A source offers its batches as COPY text (0049) when nothing in a batch needs its rows: a
 * table read by its primary key, which is never NULL and never repeats, so the key checks of
 * the row path (check-keys.ts) hold without looking at the rows.
 */
export function offersCopyText(relation: PgRelation, key: readonly string[]): boolean {
  return (
    relation.isTable &&
    relation.primaryKey.length === key.length &&
    relation.primaryKey.every((column, i) => key[i] === column)
  );
}

/** The COPY's columns with the types the catalog gives them. */
export function copyTextColumns(fields: readonly ResultField[], relation: PgRelation): CopyTextColumn[] {
  const byName = new Map(relation.columns.map((c) => [c.name, c]));
  return fields.map((f) => {
    const column = byName.get(f.name);
    return { name: f.name, type: column?.type ?? 'unknown', notNull: column?.notNull ?? false };
  });
}

/** The rows of whole COPY lines, parsed as the row path would have parsed them. */
export function parseLines(columns: readonly CopyColumn[], lines: CopyTextLines, label: () => string): Row[] {
  const parser = copyTextParser(columns, label);
  const rows: Row[] = [];
  for (const chunk of lines.chunks) parser.write(chunk, rows);
  parser.end();
  return rows;
}

/**
 * A batch carrying its lines; its rows are parsed from them the first time they are asked for.
 * Once the engine releases the lines (their buffers go back to the pool), asking is a bug and
 * throws rather than parse bytes that may belong to another batch by then.
 */
export function linesBatch(
  lines: CopyTextLines,
  checkpoint: Checkpoint,
  parse: (lines: CopyTextLines) => Row[],
): Batch {
  let rows: Row[] | undefined;
  let isReleased = false;
  const bytes = lines.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  return {
    get rows() {
      if (rows === undefined && isReleased)
        throw new Error('the rows of a released COPY text batch were read');
      rows ??= parse(lines);
      return rows;
    },
    checkpoint,
    bytes,
    copyText: {
      chunks: lines.chunks,
      count: lines.count,
      release() {
        isReleased = true;
        lines.release?.();
      },
    },
  };
}

/** The last row of some lines (for the checkpoint after them), or undefined for none. */
export function lastRowOf(
  lines: CopyTextLines,
  parse: (lines: CopyTextLines) => Row[],
  format: RecordFormat = textRecords,
): Row | undefined {
  if (lines.count === 0) return undefined;
  return parse({ chunks: [format.last(lines)], count: 1 })[0];
}

/** A row PhaseReader as a CopyBatchReader, so both kinds of reads share one loop. */
export function batchesOf(reader: PhaseReader): CopyBatchReader<readonly Row[]> {
  return {
    async next() {
      const { rows, isLast } = await reader.next();
      return { batch: rows, isLast };
    },
    close: () => reader.close(),
  };
}
