import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PgColumn } from './describe-relation.js';
import { quoteList } from './quote-identifier.js';

/**
 * Streams COPY text lines (copyLines, or the lane's lines; binary COPY with `binary`, header and
 * trailer included) straight into the table: no staging table, no merge statement.
 * The server parses each value with its column's type, as an INSERT of the text would; a
 * value it refuses, or a key that is already there, fails the whole COPY (SQLSTATE 22/23),
 * which writes nothing. Outside a transaction the COPY commits by itself.
 */
export async function copyIntoTable(
  client: pg.PoolClient,
  table: string,
  columns: readonly PgColumn[],
  lines: Iterable<string | Buffer>,
  binary = false,
): Promise<void> {
  const names = quoteList(columns.map((c) => c.name));
  const format = binary ? ' (FORMAT binary)' : '';
  await pipeline(
    Readable.from(lines),
    client.query(copyFrom(`COPY ${table} (${names}) FROM STDIN${format}`)),
  );
}
