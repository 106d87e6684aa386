// Not a competitor: the least a Node client can spend on this workload, to bound what any Node
// tool can reach (docs/benchmarks.md, "What bounds the goals"). The same drivers and mapping as
// hand-made-pg.mjs, but a chunk at a time: each COPY chunk becomes one string, lines and fields
// are cut with indexOf, only the six mapped text fields become strings of their own, and the
// output is one string per chunk. No row objects, no types, no checks, no checkpoint, no dead
// letters: a bad row fails the whole run.
// Usage: node bench/contenders/node-floor-pg.mjs <source schema> <target schema> [--direct]
//   --direct: COPY straight into the (empty) target table, as the psql pipe does on the insert
//   path; otherwise into a staging table and one INSERT ... ON CONFLICT.
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { decode, encode } from '../kit/copy-text.mjs';
import { countries, pgUrl, statuses, targetColumns, targetNames, upsertTail } from '../kit/pg-workload.mjs';

const [sourceSchema, targetSchema, flag] = process.argv.slice(2);
const direct = flag === '--direct';
const reader = new pg.Client({ connectionString: pgUrl });
const writer = new pg.Client({ connectionString: pgUrl });
await Promise.all([reader.connect(), writer.connect()]);
await reader.query("SET TimeZone = 'UTC'");
await writer.query('BEGIN');
if (!direct)
  await writer.query(`CREATE TEMP TABLE stage (${targetColumns.replace(' PRIMARY KEY', '')}) ON COMMIT DROP`);

// Escaped text only needs decoding when it holds a backslash; lookups' keys never do.
const trim = (field) => (field.includes('\\') ? encode(decode(field).trim()) : field.trim());
const lower = (field) =>
  field.includes('\\') ? encode(decode(field).trim().toLowerCase()) : field.trim().toLowerCase();
const lookup = (table, field) => table[field] ?? '\\N';

let rest = Buffer.alloc(0);
const mapChunk = (text) => {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const eol = text.indexOf('\n', at);
    // id, first_name, last_name, email, phone, birth_date, signup_date, updated_at, balance, status, country, attrs
    const t1 = text.indexOf('\t', at);
    const t2 = text.indexOf('\t', t1 + 1);
    const t3 = text.indexOf('\t', t2 + 1);
    const t4 = text.indexOf('\t', t3 + 1);
    const t5 = text.indexOf('\t', t4 + 1);
    const t9 = text.indexOf(
      '\t',
      text.indexOf('\t', text.indexOf('\t', text.indexOf('\t', t5 + 1) + 1) + 1) + 1,
    );
    const t10 = text.indexOf('\t', t9 + 1);
    const t11 = text.indexOf('\t', t10 + 1);
    out += `${text.slice(at, t1)}\t${trim(text.slice(t1 + 1, t2))}\t${trim(text.slice(t2 + 1, t3))}\t${lower(
      text.slice(t3 + 1, t4),
    )}\t${trim(text.slice(t4 + 1, t5))}\t${text.slice(t5 + 1, t9)}\t${lookup(statuses, text.slice(t9 + 1, t10))}\t${lookup(
      countries,
      text.slice(t10 + 1, t11),
    )}\t${text.slice(t11 + 1, eol + 1)}`;
    at = eol + 1;
  }
  return out;
};
const map = new Transform({
  transform(chunk, _encoding, done) {
    // Cut at the last newline byte, so a character split between chunks is never decoded.
    const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    const end = bytes.lastIndexOf(10);
    rest = Buffer.from(bytes.subarray(end + 1));
    done(null, end >= 0 ? mapChunk(bytes.toString('utf8', 0, end + 1)) : undefined);
  },
});
await pipeline(
  reader.query(
    copyStreams.to(
      `COPY (SELECT id, first_name, last_name, email, phone, birth_date, signup_date, updated_at, balance, status, country, attrs FROM ${sourceSchema}.customers) TO STDOUT`,
    ),
  ),
  map,
  writer.query(
    copyStreams.from(`COPY ${direct ? `${targetSchema}.customers (${targetNames})` : 'stage'} FROM STDIN`),
  ),
);
if (!direct)
  await writer.query(
    `INSERT INTO ${targetSchema}.customers (${targetNames}) SELECT ${targetNames} FROM stage ${upsertTail}`,
  );
await writer.query('COMMIT');
await Promise.all([reader.end(), writer.end()]);
