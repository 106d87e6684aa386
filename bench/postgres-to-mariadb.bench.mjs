// PostgreSQL -> MariaDB: the 13-column customer table, the 12-field mapping, upsert by key into
// an empty table, against a hand-written Node script (pg + pg-copy-streams + mysql2) in the same
// run. Timestamps land in DATETIME(6) as UTC, money in DECIMAL(12,2), JSON in MariaDB's JSON.
// The result is checked by a checksum each server computes over the same row text.
// Run after a build:  npm run build --silent && node bench/postgres-to-mariadb.bench.mjs
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { compare, publish, settings, synclineRun } from './kit/measure.mjs';
import { benchSpec, generateSql, mappedSelect, withPg } from './kit/pg-workload.mjs';

const config = settings();
const src = `${config.tag}_src`;
const database = config.tag;
const server = process.env.SYNCLINE_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const mysqlUrl = `${server}/${database}`;
const work = mkdtempSync(path.join(os.tmpdir(), 'syncline-bench-'));
const spec = path.join(work, 'syncline.yaml');
writeFileSync(
  spec,
  benchSpec({ srcSchema: src, dst: `{ kind: mysql, connection: { url: "${mysqlUrl}" } }` }),
);
const contenders = [
  {
    name: 'hand-made Node (pg-copy-streams + mysql2)',
    command: `node bench/contenders/hand-made-mariadb.mjs ${src} ${mysqlUrl}`,
  },
  { name: 'syncline', command: synclineRun(spec) },
];
const pgRowText = `concat_ws('|', id, first_name, last_name, email, phone, birth_date, signup_date,
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), balance, status, country_code,
  replace(replace(attrs::text, ', ', ','), ': ', ':'))`;
const myRowText = `CONCAT_WS('|', id, first_name, last_name, email, phone, birth_date, signup_date,
  DATE_FORMAT(updated_at, '%Y-%m-%d %H:%i:%s.%f'), balance, status, country_code, JSON_COMPACT(attrs))`;

const admin = await mysql.createConnection({ uri: server });
try {
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.query(`CREATE TABLE ${database}.customers (id BIGINT PRIMARY KEY, first_name VARCHAR(100),
    last_name VARCHAR(100), email VARCHAR(200), phone VARCHAR(40), birth_date DATE, signup_date DATE,
    updated_at DATETIME(6), balance DECIMAL(12,2), status VARCHAR(20), country_code CHAR(2), attrs JSON)`);
  const expected = await withPg(async (db) => {
    await db.query(`CREATE SCHEMA ${src}`);
    await db.query(generateSql(src, config.rows));
    // Vacuumed once, so that no contender pays for setting the new rows' hint bits on its read.
    await db.query(`VACUUM (FREEZE, ANALYZE) ${src}.customers`);
    const sql = `SELECT count(*) || ':' || sum(('x' || substr(md5(${pgRowText}), 1, 8))::bit(32)::bigint) AS sum FROM (${mappedSelect(`${src}.customers`)}) t`;
    return (await db.query(sql)).rows[0].sum;
  });
  const check = async () => {
    const [[row]] = await admin.query(
      `SELECT CONCAT(COUNT(*), ':', SUM(CAST(CONV(SUBSTR(MD5(${myRowText}), 1, 8), 16, 10) AS UNSIGNED))) AS sum FROM ${database}.customers`,
    );
    return { ok: row.sum === expected, detail: `expected ${expected}, got ${row.sum}` };
  };
  const prepare = () => admin.query(`TRUNCATE ${database}.customers`);
  const results = await compare({ ...config, contenders, prepare, check });
  publish('postgres-to-mariadb', 'PostgreSQL -> MariaDB upsert, 13 columns, 12-field mapping', config, [
    { label: 'insert path (empty target)', results },
  ]);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.end();
  await withPg((db) => db.query(`DROP SCHEMA IF EXISTS ${src} CASCADE`));
  rmSync(work, { recursive: true, force: true });
}
