import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferPool } from '../../src/connectors/postgres/buffer-pool.js';
import {
  binaryRecords,
  binaryToTextLines,
  readsAsBinary,
} from '../../src/connectors/postgres/copy-binary.js';
import { copyLineCollector } from '../../src/connectors/postgres/copy-line-collector.js';
import { server, usePostgresSchema } from './postgres-helpers.js';

/**
 * The binary lane (decision 0052) turns binary COPY tuples back into the COPY text the server
 * would have sent, for a batch that leaves the lane and for the checkpoint: for every type it
 * reads as binary, and values at the edges of each, the text must be the server's own, byte
 * for byte.
 */

const db = usePostgresSchema('copy_binary');
const client = new pg.Client({ ...server, options: '-c TimeZone=UTC -c DateStyle=ISO' });

const columns = `b boolean, raw bytea, i2 smallint, i4 integer, i8 bigint, t text, vc varchar(12), ch char(4),
  j json, jb jsonb, d date, ts timestamp, tstz timestamptz, n numeric, n2 numeric(12,2), u uuid`;

const edges = `INSERT INTO edges VALUES
  (true, '\\x00ff10', -32768, -2147483648, -9223372036854775808, E'tab\\there\\nnew\\\\slash\\r', 'Wójcik', 'ab',
   '{"a": [1, "ä\\t"] }', '{"b": {"c": "grün\\\\x"}, "a": 1}', 'infinity', 'infinity', '-infinity', 'NaN', 0, '00000000-0000-0000-0000-000000000000'),
  (false, '', 32767, 2147483647, 9223372036854775807, '', '', '', 'null', '[]', '-infinity', '-infinity', 'infinity', 'Infinity', -0.01, 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (true, '\\x5c6e', 0, 0, 0, '😀 \\N', 'x', 'abcd', '"s"', '"\\u00e9"', '0044-03-15 BC', '0001-01-01 00:00:00 BC', '4713-11-24 00:00:00+00 BC',
   '-Infinity', 9999999999.99, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
  (false, '\\xdeadbeef', 1, 1, 1, 'ä', 'é', 'x', '1.5', '1.50', '2000-01-01', '2000-01-01 00:00:00.000001', '1999-12-31 23:59:59.999999+00',
   0.000000000000000000012345, 123.4500, '12345678-1234-1234-1234-123456789abc'),
  (true, '\\x01', 2, 2, 2, 'a', 'b', 'c', '{}', '{}', '2024-02-29', '2024-02-29 12:34:56.5', '294276-12-31 23:59:59.999999+00',
   -123456789012345678901234567890.123456789, 1.10, '00000000-0000-0000-0000-000000000001'),
  (false, '\\x02', 3, 3, 3, 'b', 'c', 'd', '[1,2]', '[1, 2]', '5874897-12-31', '10000-01-01 00:00:00', '1900-01-01 00:00:00.12+00',
   10000, 0.5, '00000000-0000-0000-0000-000000000002')`;

/** Deterministic random values of the types whose text form is computed: dates, times, numbers. */
const randoms = `SELECT setseed(0.42);
INSERT INTO edges (b, i8, d, ts, tstz, n, n2)
SELECT random() < 0.5, (random() * 1e18)::bigint - 5e17::bigint,
  date '0001-01-01' + (random() * 3000000)::int - 1500000,
  timestamp '2000-01-01' + random() * interval '2000000 days' - interval '1000000 days',
  timestamptz '2000-01-01 00:00:00+00' + random() * interval '100000 days' * (random() - 0.5),
  round((random() - 0.5)::numeric * 10::numeric ^ (random() * 40 - 20)::int, (random() * 30)::int),
  round((random() * 1e10)::numeric - 5e9, 2)
FROM generate_series(1, 2000)`;

async function copyOut(sql: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  await pipeline(
    client.query(copyTo(sql)),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return chunks;
}

describe('binary COPY tuples as COPY text', () => {
  beforeAll(async () => {
    await client.connect();
    await client.query(`SET search_path TO ${pg.escapeIdentifier(db.schema)}`);
    await client.query(`CREATE TABLE edges (${columns})`);
    await client.query(edges);
    await client.query(randoms);
  });
  afterAll(() => client.end());

  it('gives back, byte for byte, the text the server sends for every type it reads as binary', async () => {
    const fields = (await client.query('SELECT * FROM edges LIMIT 0')).fields;
    const oids = fields.map((f) => f.dataTypeID);
    expect(oids.every(readsAsBinary)).toBe(true);
    const text = Buffer.concat(await copyOut('COPY edges TO STDOUT')).toString();
    const stream = Buffer.concat(await copyOut('COPY edges TO STDOUT (FORMAT binary)'));
    // Fed in uneven pieces, through small pooled buffers, as a slow socket would.
    const collector = copyLineCollector(
      () => 'edges',
      new BufferPool(512, 4),
      binaryRecords(oids.length, () => 'edges'),
    );
    for (let at = 0, cut = 1; at < stream.length; cut = (cut * 7 + 3) % 997) {
      collector.write(stream.subarray(at, at + cut + 1));
      at += cut + 1;
    }
    collector.end();
    const count = collector.count;
    expect(count).toBe(2007);
    const tuples = collector.take(count);
    expect(binaryToTextLines(oids, tuples).chunks.map(String).join('')).toBe(text);
    // The last tuple alone (the checkpoint's row).
    const last = binaryRecords(oids.length, () => 'edges').last(tuples);
    const lastLine = text.slice(text.lastIndexOf('\n', text.length - 2) + 1);
    expect(
      binaryToTextLines(oids, { chunks: [last], count: 1 })
        .chunks.map(String)
        .join(''),
    ).toBe(lastLine);
  });

  it('refuses a stream that is not binary COPY or ends inside a tuple', async () => {
    const oids = [23];
    const notBinary = copyLineCollector(
      () => 'edges',
      undefined,
      binaryRecords(1, () => 'edges'),
    );
    expect(() => notBinary.write(Buffer.from('1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n'))).toThrow(/not binary COPY/);
    const stream = Buffer.concat(
      await copyOut('COPY (SELECT i4 FROM edges LIMIT 3) TO STDOUT (FORMAT binary)'),
    );
    const cutShort = copyLineCollector(
      () => 'edges',
      undefined,
      binaryRecords(oids.length, () => 'edges'),
    );
    cutShort.write(stream.subarray(0, stream.length - 5));
    expect(() => cutShort.end()).toThrow(/binary COPY stream has no end/);
    const wrongWidth = copyLineCollector(
      () => 'edges',
      undefined,
      binaryRecords(2, () => 'edges'),
    );
    expect(() => wrongWidth.write(stream)).toThrow(/does not have 2 fields/);
  });
});
