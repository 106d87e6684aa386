import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectors } from '../src/connectors/registry.js';
import { checkProject } from '../src/engine/check-project.js';
import { connectFlow } from '../src/engine/connect-flow.js';
import { runFlow } from '../src/engine/run-flow.js';
import { openSqliteStore } from '../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../src/store/state-store.js';
import { usePostgresSchema } from './connectors/postgres-helpers.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * The COPY text lane (decision 0049) must change nothing but speed: every flow here runs
 * three times on the same source — through the lane in binary COPY (0052), through the lane in
 * COPY text (`copyBinary: false`) and with `copyText: false` (the row path) — and the three
 * targets, run counts and dead letters must be identical — with escapes,
 * NULLs, unicode and JSON in the data, lookups that miss, values the target refuses and
 * existing keys.
 */

const db = usePostgresSchema('lane');
const tables = ['lane_t', 'text_t', 'rows_t'];

const columns =
  'id bigint PRIMARY KEY, name text, email text, born date, at timestamptz, amount numeric(12,2), doc jsonb, status text';
const targetColumns =
  'id bigint PRIMARY KEY, name text, email text, born date, at timestamptz, amount numeric(12,2), doc jsonb, status_code text';

/** 3,000 rows (6 batches of 500): tabs, newlines and backslashes in text and JSON, NULLs, unicode. */
const fill = `INSERT INTO src SELECT g,
  CASE WHEN g % 11 = 0 THEN NULL ELSE '  Wójcik' || chr(9) || g || E'\\\\n' || chr(10) || ' ' END,
  ' User' || g || '@Example.COM ',
  CASE WHEN g % 13 = 0 THEN NULL ELSE date '1950-01-01' + g END,
  timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' + (g * 7 % 1000000) * interval '1 microsecond',
  CASE WHEN g % 17 = 0 THEN NULL ELSE ((g::numeric * 7919) % 2000000 - 1000000) / 100 END,
  jsonb_build_object('tag', 'grün' || chr(9) || 'x', 'path', E'C:\\\\dir', 'n', g, 'list', jsonb_build_array(g, 'ä')),
  (ARRAY['A','I','P'])[1 + g % 3]
FROM generate_series(1, 3000) g`;

const system = (schema: string) =>
  `{ kind: postgres, connection: { host: 127.0.0.1, port: 5432, user: postgres, database: test, schema: ${schema} } }`;

function specFor(schema: string, extra: { fields?: string; from?: string; to?: string; flow?: string } = {}) {
  const fields =
    extra.fields ??
    `      - { from: id, to: id }
      - { from: name, to: name, transform: trim }
      - { from: email, to: email, transform: "trim | lower" }
      - { from: born, to: born }
      - { from: at, to: at }
      - { from: amount, to: amount }
      - { from: doc, to: doc }
      - { from: status, to: status_code, transform: lookup(statuses) }`;
  const flow = (name: string, table: string, copy: string) => `  ${name}:
    from: { system: db, table: src, key: id, batchSize: 500${extra.from ?? ''} }
    to: { system: db, table: ${table}, key: id, mode: upsert, ${copy}${extra.to ?? ''} }
${extra.flow ?? ''}    fields:
${fields}
`;
  return `version: 1
project: { name: lane }
lookups:
  statuses: { A: active, I: inactive, P: pending }
systems:
  db: ${system(schema)}
flows:
${flow('lane', 'lane_t', 'copyText: true')}${flow('text', 'text_t', 'copyBinary: false')}${flow('rows', 'rows_t', 'copyText: false')}`;
}

interface Logged {
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

describe('COPY text lane (postgres -> postgres)', () => {
  let work: ReturnType<typeof makeTempDir>;
  let store: StateStore;

  beforeEach(async () => {
    work = makeTempDir('lane');
    store = await openSqliteStore(path.join(work.dir, 'state.db'));
    await db.sql(`DROP TABLE IF EXISTS src, lane_t, text_t, rows_t; CREATE TABLE src (${columns}); ${fill}`);
    for (const table of tables) await db.sql(`CREATE TABLE ${table} (${targetColumns})`);
  });
  afterEach(async () => {
    await store.close();
    work.remove();
  });

  async function run(spec: string, flowName: 'lane' | 'text' | 'rows') {
    const file = path.join(work.dir, 'syncline.yaml');
    writeFileSync(file, spec);
    const checked = await checkProject(file, connectors);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems, null, 2));
    const flow = checked.project.flows.get(flowName);
    if (flow === undefined) throw new Error(`no flow ${flowName}`);
    const logged: Logged[] = [];
    const log = (message: string, fields?: Readonly<Record<string, unknown>>) =>
      void logged.push({ message, ...(fields ? { fields } : {}) });
    const result = await runFlow({
      flow,
      store,
      endpoints: connectFlow(flow, { baseDir: work.dir, env: {} }),
      logger: { info: log, warn: log, error: log },
    });
    const deadLetters = (await store.listDeadLetters({ flow: flowName })).map((d) => ({
      key: d.key,
      stage: d.stage,
      code: d.code,
      field: d.field,
      message: d.message.replaceAll(`"${flowName}_t"`, `"TARGET"`),
    }));
    const lane = logged.find((l) => l.message.startsWith('batches go through'));
    const finished = logged.find((l) => l.message === 'run finished')?.fields;
    return { result, deadLetters, lane, batches: [finished?.copyTextBatches, finished?.rowPathBatches] };
  }

  const contents = async (table: string) =>
    (await db.sql(`SELECT row_to_json(t)::text AS row FROM ${table} t ORDER BY id`)).rows.map((r) => r.row);

  /** Runs the binary lane, the text lane and the row path; returns the binary lane's run. */
  async function expectSameAsRowPath(spec: string, format: 'binary' | 'text' = 'binary') {
    const lane = await run(spec, 'lane');
    const text = await run(spec, 'text');
    const rows = await run(spec, 'rows');
    expect(lane.lane?.message).toBe('batches go through the COPY text lane');
    expect(lane.lane?.fields?.format).toBe(format);
    expect(text.lane?.fields?.format).toBe('text');
    expect(rows.lane?.message).toBe('batches go through the row path');
    const expected = await contents('rows_t');
    expect(await contents('lane_t')).toEqual(expected);
    expect(await contents('text_t')).toEqual(expected);
    const counts = (r: typeof lane.result) => [r.status, r.read, r.written, r.deadLettered, r.warnings];
    expect(counts(lane.result)).toEqual(counts(rows.result));
    expect(counts(text.result)).toEqual(counts(rows.result));
    expect(lane.deadLetters).toEqual(rows.deadLetters);
    expect(text.deadLetters).toEqual(rows.deadLetters);
    expect(text.batches).toEqual(lane.batches);
    return lane;
  }

  it('writes exactly what the row path writes, copying unchanged columns verbatim', async () => {
    const lane = await expectSameAsRowPath(specFor(db.schema));
    expect(lane.result).toMatchObject({ status: 'succeeded', read: 3000, written: 3000, deadLettered: 0 });
    expect(lane.lane?.fields).toMatchObject({
      verbatim: ['id', 'born', 'at', 'amount', 'doc'],
      byValue: ['name', 'email', 'status_code'],
      overlappingWrites: true,
    });
    expect(lane.batches).toEqual([6, 0]);
    // Spot-check the escapes and types survived, against the source itself.
    const [row] = (
      await db.sql(
        'SELECT t.name, t.email, t.at = s.at AS same_at, t.doc = s.doc AS same_doc, t.amount = s.amount AS same_amount FROM lane_t t JOIN src s USING (id) WHERE id = 5',
      )
    ).rows;
    expect(row).toEqual({
      name: 'Wójcik\t5\\n',
      email: 'user5@example.com',
      same_at: true,
      same_doc: true,
      same_amount: true,
    });
  });

  it('updates existing rows as the row path does (the direct COPY meets their keys)', async () => {
    for (const table of tables)
      await db.sql(`INSERT INTO ${table} (id, name) SELECT g, 'stale' FROM generate_series(1, 3000, 2) g`);
    const lane = await expectSameAsRowPath(specFor(db.schema));
    expect(lane.batches).toEqual([6, 0]);
  });

  it('sends a batch with a record the mapping refuses through the row path: same dead letters', async () => {
    await db.sql("UPDATE src SET status = 'X' WHERE id IN (7, 1234, 2999)");
    const lane = await expectSameAsRowPath(specFor(db.schema));
    expect(lane.deadLetters.map((d) => [d.key, d.code])).toEqual([
      [[7], 'lookup-miss'],
      [[1234], 'lookup-miss'],
      [[2999], 'lookup-miss'],
    ]);
    // Rows 7, 1234 and 2999 fall in batches 1, 3 and 6 of 500.
    expect(lane.batches).toEqual([3, 3]);
  });

  it('sends a batch the target refuses through the row path, which singles out the bad rows', async () => {
    for (const table of tables)
      await db.sql(`ALTER TABLE ${table} ADD CONSTRAINT small CHECK (amount < 9990)`);
    const lane = await expectSameAsRowPath(specFor(db.schema));
    expect(lane.deadLetters.length).toBeGreaterThan(0);
    expect(new Set(lane.deadLetters.map((d) => d.stage))).toEqual(new Set(['write']));
    expect(lane.batches[1]).toBeGreaterThan(0);
  });

  it('leaves a NULL for a NOT NULL column to the row path, which dead-letters it with the fit', async () => {
    for (const table of tables) await db.sql(`ALTER TABLE ${table} ALTER COLUMN born SET NOT NULL`);
    const lane = await expectSameAsRowPath(specFor(db.schema));
    expect(lane.deadLetters).toHaveLength(230);
    expect(lane.deadLetters[0]).toMatchObject({ key: [13], code: 'null-not-allowed', field: 'born' });
  });

  it('maps a field that reads two source fields as a record, next to fields mapped value by value', async () => {
    const lane = await expectSameAsRowPath(
      specFor(db.schema, {
        fields: `      - { from: id, to: id }
      - { from: [email, status], to: name, transform: "join(' ') | trim" }
      - { from: email, to: email, transform: "trim | lower", validate: email }
      - { from: status, to: status_code, transform: lookup(statuses) }`,
      }),
    );
    expect(lane.lane?.fields).toMatchObject({ verbatim: ['id'], byValue: ['email', 'status_code'] });
    expect(lane.batches).toEqual([6, 0]);
  });

  it('sends a batch the fit changes or refuses value by value through the row path: same warnings', async () => {
    for (const table of tables) {
      await db.sql(`ALTER TABLE ${table} ALTER COLUMN email TYPE varchar(17)`);
      await db.sql(`ALTER TABLE ${table} ALTER COLUMN status_code SET NOT NULL`);
    }
    // user1@example.com is 17 characters, user10@example.com 18: truncated, with a warning.
    await db.sql("UPDATE src SET email = ' ' || repeat('x', 9) || '@e.com' WHERE id > 1000");
    await db.sql('UPDATE src SET status = NULL WHERE id = 2500');
    const lane = await expectSameAsRowPath(specFor(db.schema, { flow: '    fit: { tooLong: truncate }\n' }));
    expect(lane.result.warnings).toBeGreaterThan(0);
    expect(lane.deadLetters).toEqual([expect.objectContaining({ key: [2500], code: 'null-not-allowed' })]);
    // Batches 1 and 2 hold long addresses; batch 3 (1001-1500) to 6 have 15-character ones, but 5 has the NULL.
    expect(lane.batches).toEqual([3, 3]);
  });

  it('stays on COPY text when a mapped column is not text or a source column has no binary form', async () => {
    // A transform makes `born` mapped, and a date column takes no text in binary COPY.
    const mappedDate = specFor(db.schema).replaceAll(
      '- { from: born, to: born }',
      `- { from: born, to: born, transform: "default('2000-01-01')" }`,
    );
    const lane = await expectSameAsRowPath(mappedDate, 'text');
    expect(lane.lane?.fields).toMatchObject({ byValue: ['name', 'email', 'born', 'status_code'] });
    // A real column reads as text only: the whole lane does.
    await db.sql('ALTER TABLE src ADD COLUMN ratio real DEFAULT 0.5');
    await expectSameAsRowPath(specFor(db.schema), 'text');
  });

  it('writes insert batches one at a time: a repeat after a crash would meet its own keys', async () => {
    // Insert mode needs an incremental read (a cursor), or every run would append everything again.
    const insert = specFor(db.schema, { from: ', cursor: id' }).replaceAll('mode: upsert', 'mode: insert');
    const lane = await expectSameAsRowPath(insert);
    expect(lane.lane?.fields).toMatchObject({ overlappingWrites: false });
    expect(lane.batches).toEqual([6, 0]);
  });

  it('overlaps upsert writes but commits in order: a failing batch stops the run at the one before', async () => {
    await db.sql(`CREATE OR REPLACE FUNCTION refuse_1750() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = 1750 THEN RAISE EXCEPTION 'refused by a trigger' USING ERRCODE = '42501'; END IF; RETURN NEW; END $$`);
    await db.sql('CREATE TRIGGER refuse BEFORE INSERT ON lane_t FOR EACH ROW EXECUTE FUNCTION refuse_1750()');
    const failed = await run(specFor(db.schema), 'lane');
    // Batch 4 (1501-2000) fails; batch 5 may already be in the table, but is not committed.
    expect(failed.result).toMatchObject({ status: 'failed', read: 1500, written: 1500 });
    expect(failed.result.error?.message).toContain('refused by a trigger');
    await db.sql('DROP TRIGGER refuse ON lane_t');
    const again = await run(specFor(db.schema), 'lane');
    expect(again.result).toMatchObject({ status: 'succeeded', read: 1500, written: 1500 });
    await run(specFor(db.schema), 'rows');
    expect(await contents('lane_t')).toEqual(await contents('rows_t'));
  });

  it('keeps every field on the row path when a rule keeps state, and the run when a journal is kept', async () => {
    const unique = specFor(db.schema, {
      fields: `      - { from: id, to: id }
      - { from: email, to: email, validate: unique }`,
    });
    expect((await run(unique, 'lane')).lane?.fields).toMatchObject({
      reason: expect.stringContaining('unique'),
    });
    const journal = specFor(db.schema, { flow: '    rollback: journal\n' });
    const lane = await run(journal, 'lane');
    expect(lane.lane?.message).toBe('batches go through the row path');
    expect(lane.result.written).toBe(3000);
  });
});
