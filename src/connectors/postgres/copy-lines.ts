import { copyField } from './postgres-values.js';

/** Rows of one group as text (one array per row, one entry per column), ready to stage. */
export type TextRows = readonly (readonly (string | null)[])[];

/**
 * Rows as COPY text lines, joined into chunks of ~64 KB so the stream is not driven line by
 * line. With `withOrd`, each line starts with the row's position in `rows` (a staging table's
 * ord column).
 */
export function* copyLines(rows: TextRows, withOrd: boolean): Generator<string> {
  let chunk = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as readonly (string | null)[];
    if (withOrd) chunk += `${i}\t`;
    for (let c = 0; c < row.length; c++) {
      if (c > 0) chunk += '\t';
      chunk += copyField(row[c] as string | null);
    }
    chunk += '\n';
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
