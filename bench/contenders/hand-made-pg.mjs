// The hand-written baseline a developer would write with the same drivers (pg, pg-copy-streams):
// stream the source out with COPY, map each row in plain JavaScript, stream it into a staging
// table with COPY, then merge with one INSERT ... ON CONFLICT. Values stay text end to end, so
// nothing is lost. Usage: node bench/contenders/hand-made-pg.mjs <source schema> <target schema>
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { copyRows, decode, encode } from '../kit/copy-text.mjs';
import { countries, pgUrl, statuses, targetColumns, targetNames, upsertTail } from '../kit/pg-workload.mjs';

const [sourceSchema, targetSchema] = process.argv.slice(2);
const reader = new pg.Client({ connectionString: pgUrl });
const writer = new pg.Client({ connectionString: pgUrl });
await Promise.all([reader.connect(), writer.connect()]);
await reader.query("SET TimeZone = 'UTC'");
await writer.query('BEGIN');
await writer.query(`CREATE TEMP TABLE stage (${targetColumns.replace(' PRIMARY KEY', '')}) ON COMMIT DROP`);

const map = new Transform({
  writableObjectMode: true,
  transform(f, _encoding, done) {
    // id, first_name, last_name, email, phone, birth_date, signup_date, updated_at, balance, status, country, attrs
    const out = [
      f[0],
      encode(decode(f[1]).trim()),
      encode(decode(f[2]).trim()),
      encode(decode(f[3]).trim().toLowerCase()),
      encode(decode(f[4]).trim()),
      f[5],
      f[6],
      f[7],
      f[8],
      statuses[decode(f[9])],
      encode(countries[decode(f[10])]),
      f[11],
    ];
    done(null, `${out.join('\t')}\n`);
  },
});
await pipeline(
  reader.query(
    copyStreams.to(
      `COPY (SELECT id, first_name, last_name, email, phone, birth_date, signup_date, updated_at, balance, status, country, attrs FROM ${sourceSchema}.customers) TO STDOUT`,
    ),
  ),
  copyRows(),
  map,
  writer.query(copyStreams.from('COPY stage FROM STDIN')),
);
await writer.query(
  `INSERT INTO ${targetSchema}.customers (${targetNames}) SELECT ${targetNames} FROM stage ${upsertTail}`,
);
await writer.query('COMMIT');
await Promise.all([reader.end(), writer.end()]);
