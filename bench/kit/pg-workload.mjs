// The deterministic PostgreSQL workload shared by the benches: a 13-column customer table
// generated in SQL, the 12-field mapping written once as SQL (the expected result, and what the
// psql pipes run) and once as a syncline spec, and an order-independent checksum.
import pg from 'pg';

export const pgUrl = process.env.SYNCLINE_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';

export const statuses = { A: 'active', I: 'inactive', P: 'pending', B: 'blocked' };
export const countries = {
  Germany: 'DE',
  France: 'FR',
  Norway: 'NO',
  Brazil: 'BR',
  'Czech Republic': 'CZ',
  USA: 'US',
  Portugal: 'PT',
  Canada: 'CA',
};
const sqlArray = (values) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;
const sqlCase = (column, table) =>
  `CASE ${column} ${Object.entries(table)
    .map(([k, v]) => `WHEN '${k}' THEN '${v}'`)
    .join(' ')} END`;

export const sourceColumns =
  'id bigint PRIMARY KEY, first_name text, last_name text, email text, phone text, birth_date date, ' +
  'signup_date date, updated_at timestamptz, balance numeric(12,2), status text, country text, attrs jsonb, notes text';

export const targetColumns =
  'id bigint PRIMARY KEY, first_name text, last_name text, email text, phone text, birth_date date, ' +
  'signup_date date, updated_at timestamptz, balance numeric(12,2), status text, country_code text, attrs jsonb';

export const targetNames =
  'id, first_name, last_name, email, phone, birth_date, signup_date, updated_at, balance, status, country_code, attrs';

/** Fills `<schema>.customers` with `rows` rows: unicode names, padded text, microseconds, cents, JSON. */
export function generateSql(schema, rows) {
  const firsts = [
    'Luís',
    'Leonie',
    'François',
    'Bjørn',
    'František',
    'Helena',
    'Johannes',
    'Stanisław',
    'Enrique',
    'Terhi',
    'Mary Ann',
    'João',
  ];
  const lasts = [
    'Gonçalves',
    'Köhler',
    'Tremblay',
    'Hansen',
    'Wichterlová',
    'Holý',
    'Van der Berg',
    'Wójcik',
    'Muñoz',
    'Hämäläinen',
    "O''Brien",
    'Fernandes',
  ];
  return `CREATE TABLE ${schema}.customers (${sourceColumns});
INSERT INTO ${schema}.customers SELECT g,
  '  ' || (${sqlArray(firsts)})[1 + g % 12] || ' ',
  (${sqlArray(lasts)})[1 + (g * 7) % 12] || ' ',
  ' User' || g || '@Example.COM ',
  ' +49 711 ' || lpad((g % 10000000)::text, 7, '0') || ' ',
  date '1950-01-01' + (g % 20000),
  date '2015-01-01' + (g % 4000),
  timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' + (g * 7 % 1000000) * interval '1 microsecond',
  ((g::numeric * 7919) % 200000000 - 100000000) / 100,
  (${sqlArray(Object.keys(statuses))})[1 + g % 4],
  (${sqlArray(Object.keys(countries))})[1 + g % 8],
  jsonb_build_object('tier', g % 5, 'tags', jsonb_build_array('t' || (g % 13), 'grün'), 'points', g % 1000),
  'note ' || g
FROM generate_series(1, ${rows}) g;`;
}

/** The mapping as SQL over a relation holding the 13 source columns (types may be text). */
export function mappedSelect(from, attrsType = 'jsonb') {
  return `SELECT id::bigint, btrim(first_name) AS first_name, btrim(last_name) AS last_name,
  lower(btrim(email)) AS email, btrim(phone) AS phone, birth_date::date, signup_date::date,
  updated_at::timestamptz, balance::numeric(12,2), ${sqlCase('status', statuses)} AS status,
  ${sqlCase('country', countries)} AS country_code, attrs::${attrsType} AS attrs FROM ${from}`;
}

/** The same mapping as a syncline field list (YAML), with the lookups it needs. */
export const specLookups = `lookups:
  statuses: ${JSON.stringify(statuses)}
  countries: ${JSON.stringify(countries)}`;
export const specFields = `    fields:
      - { from: id, to: id }
      - { from: first_name, to: first_name, transform: trim }
      - { from: last_name, to: last_name, transform: trim }
      - { from: email, to: email, transform: "trim | lower" }
      - { from: phone, to: phone, transform: trim }
      - { from: birth_date, to: birth_date }
      - { from: signup_date, to: signup_date }
      - { from: updated_at, to: updated_at }
      - { from: balance, to: balance }
      - { from: status, to: status, transform: lookup(statuses) }
      - { from: country, to: country_code, transform: lookup(countries) }
      - { from: attrs, to: attrs }`;

/** A PostgreSQL system of the bench, in one schema of the bench database (YAML flow mapping). */
export const pgSystem = (schema) => `{ kind: postgres, connection: { url: "${pgUrl}", schema: ${schema} } }`;

/**
 * The bench's spec: customers from PostgreSQL schema `srcSchema` to system `dst` (YAML), the
 * 12-field mapping with its lookups, upsert by id, 10,000 rows a batch; `sourceOptions` and
 * `targetOptions` are appended to the source's and target's options (e.g. `, copy: false`).
 */
export function benchSpec({ srcSchema, dst, sourceOptions = '', targetOptions = '' }) {
  return `version: 1
project: { name: bench }
${specLookups}
systems:
  src: ${pgSystem(srcSchema)}
  dst: ${dst}
flows:
  customers:
    from: { system: src, table: customers, key: id, batchSize: 10000${sourceOptions} }
    to: { system: dst, table: customers, key: id, mode: upsert${targetOptions} }
${specFields}
`;
}

/** count:sum of the first 32 bits of md5(row text): order-independent, computed by the server. */
export const checksumSql = (relation) =>
  `SELECT count(*) || ':' || coalesce(sum(('x' || substr(md5(t::text), 1, 8))::bit(32)::bigint), 0) AS sum FROM ${relation} t`;

export const upsertTail = `ON CONFLICT (id) DO UPDATE SET ${targetNames
  .split(', ')
  .slice(1)
  .map((c) => `${c} = excluded.${c}`)
  .join(', ')}`;

export async function withPg(fn) {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
