// Hand-written CSV -> PostgreSQL baseline with the same drivers syncline uses (csv-parse, pg,
// pg-copy-streams): parse, map in plain JavaScript, COPY into a staging table, merge once.
// Usage: node bench/contenders/hand-made-csv.mjs <file.csv> <target schema>
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { encode } from '../kit/copy-text.mjs';
import { countries, pgUrl, statuses, targetNames, upsertTail } from '../kit/pg-workload.mjs';

const [file, targetSchema] = process.argv.slice(2);
const writer = new pg.Client({ connectionString: pgUrl });
await writer.connect();
await writer.query('BEGIN');
await writer.query(`CREATE TEMP TABLE stage (LIKE ${targetSchema}.customers) ON COMMIT DROP`);
const map = new Transform({
  writableObjectMode: true,
  transform(r, _encoding, done) {
    const out = [
      r.id,
      r.first_name.trim(),
      r.last_name.trim(),
      r.email.trim().toLowerCase(),
      r.phone.trim(),
      r.birth_date,
      r.signup_date,
      r.updated_at,
      r.balance,
      statuses[r.status],
      countries[r.country],
      r.attrs,
    ];
    done(null, `${out.map(encode).join('\t')}\n`);
  },
});
await pipeline(
  createReadStream(file),
  parse({ columns: true }),
  map,
  writer.query(copyStreams.from('COPY stage FROM STDIN')),
);
await writer.query(
  `INSERT INTO ${targetSchema}.customers (${targetNames}) SELECT ${targetNames} FROM stage ${upsertTail}`,
);
await writer.query('COMMIT');
await writer.end();
