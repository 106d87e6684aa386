import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type CopyRows, copyLines, type TextRows } from './copy-lines.js';
import { ordColumn } from './merge-sql.js';
import { quoteIdentifier as q } from './quote-identifier.js';

/** Where a group's rows sit for the set-based statement: a relation aliased `s`. */
export interface Staged {
  /** The relation holding rows [lo, hi) of the group, and the parameters it binds. */
  slice(lo: number, hi: number): { readonly sql: string; readonly params: readonly unknown[] };
}

/**
 * Small groups travel as one text[] parameter per column, unnested on the server: a single
 * statement whatever the row count (no 65,535-parameter limit, one plan shape), and a slice is
 * just shorter arrays.
 */
export function stageAsArrays(rows: TextRows, width: number): Staged {
  const columns = Array.from({ length: width }, (_, c) => rows.map((row) => row[c] ?? null));
  const ords = rows.map((_, i) => i);
  const aliases = Array.from({ length: width }, (_, c) => `c${c}`).join(', ');
  const arrays = Array.from({ length: width }, (_, c) => `$${c + 2}::text[]`).join(', ');
  const sql = `unnest($1::int4[], ${arrays}) AS s(${q(ordColumn)}, ${aliases})`;
  return {
    slice: (lo, hi) => ({
      sql,
      params: [ords.slice(lo, hi), ...columns.map((values) => values.slice(lo, hi))],
    }),
  };
}

let tableCount = 0;

/**
 * Large groups are streamed with COPY (text format) into a temporary table of text columns
 * that vanishes at commit: the fastest way into PostgreSQL, and casting happens afterwards in
 * the set-based statement, so a bad value cannot fail the COPY itself. Statements without
 * parameters in `before` (BEGIN) are sent with the CREATE, in the same round trip.
 */
export async function stageByCopy(client: pg.PoolClient, rows: CopyRows, before?: string): Promise<Staged> {
  const name = q(`syncline_stage_${++tableCount}`);
  const columns = Array.from({ length: rows.width }, (_, c) => `c${c} text`).join(', ');
  const create = `CREATE TEMPORARY TABLE ${name} (${q(ordColumn)} int4, ${columns}) ON COMMIT DROP`;
  // `before` (BEGIN, say) shares the round trip.
  await client.query(before === undefined ? create : `${before}; ${create}`);
  await pipeline(Readable.from(copyLines(rows, true)), client.query(copyFrom(`COPY ${name} FROM STDIN`)));
  const all = `${name} AS s`;
  return {
    slice: (lo, hi) =>
      lo === 0 && hi === rows.count
        ? { sql: all, params: [] }
        : {
            sql: `(SELECT * FROM ${name} WHERE ${q(ordColumn)} >= ${lo} AND ${q(ordColumn)} < ${hi}) AS s`,
            params: [],
          },
  };
}
