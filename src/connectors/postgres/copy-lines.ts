import { copyField } from './postgres-values.js';

/** Rows of one group as text (one array per row, one entry per column), ready to stage. */
export type TextRows = readonly (readonly (string | null)[])[];

/**
 * Rows to COPY: how many, how many columns, and the text of row `row` in column `column`
 * (null for NULL). Asked for field by field while the COPY streams, so a batch's values need
 * not all be turned into text first.
 */
export interface CopyRows {
  readonly count: number;
  readonly width: number;
  text(row: number, column: number): string | null;
}

/** CopyRows over rows already turned into text. */
export function copyRowsOf(rows: TextRows, width: number): CopyRows {
  return {
    count: rows.length,
    width,
    text: (row, column) => (rows[row] as readonly (string | null)[])[column] ?? null,
  };
}

/**
 * Rows as COPY text lines, joined into chunks of ~64 KB so the stream is not driven line by
 * line. With `withOrd`, each line starts with the row's position (a staging table's ord column).
 */
export function* copyLines(rows: CopyRows, withOrd: boolean): Generator<string> {
  const { count, width } = rows;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    if (withOrd) chunk += `${i}\t`;
    for (let c = 0; c < width; c++) {
      if (c > 0) chunk += '\t';
      chunk += copyField(rows.text(i, c));
    }
    chunk += '\n';
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
