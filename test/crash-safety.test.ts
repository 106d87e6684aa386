import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * Kills the real CLI with SIGKILL in the middle of a large run, several times at different
 * points, then lets it finish: the target must equal the source exactly, and after every kill
 * the stored checkpoint must never be ahead of what the target durably holds.
 */

const rowCount = 200_000;
const kills = 6;
/** Kill points are random but replayable: a failure prints its seed; SYNCLINE_TEST_SEED=N repeats it. */
const seed = Number(process.env.SYNCLINE_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = mulberry32(seed);

const spec = `
version: 1
project: { name: crash test }
systems:
  src: { kind: sqlite, connection: { path: source.db } }
  dst: { kind: sqlite, connection: { path: target.db } }
  out: { kind: files, connection: { dir: out } }
flows:
  to-db:
    from: { system: src, table: items, key: id, cursor: updated_at, batchSize: 500 }
    to: { system: dst, table: items, key: id, mode: upsert }
    fields:
      - { from: id, to: id }
      - { from: name, to: name, transform: trim }
      - { from: email, to: email, transform: "trim | lower" }
      - { from: amount, to: amount }
      - { from: updated_at, to: updated_at }
  to-csv:
    from: { system: src, table: items, key: id, cursor: updated_at, batchSize: 500 }
    to: { system: out, file: items.csv, mode: insert }
    fields:
      - { from: id, to: id }
      - { from: email, to: email, transform: "trim | lower" }
`;

let work: ReturnType<typeof makeTempDir>;

beforeAll(() => {
  work = makeTempDir('crash');
  writeFileSync(path.join(work.dir, 'syncline.yaml'), spec);
  const source = new Database(path.join(work.dir, 'source.db'));
  source.exec(
    'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, amount TEXT, updated_at TEXT NOT NULL)',
  );
  const insert = source.prepare('INSERT INTO items VALUES (?, ?, ?, ?, ?)');
  source.transaction(() => {
    for (let id = 1; id <= rowCount; id++) {
      // Several rows share an updated_at, so resuming must use the key as a tie-breaker.
      const stamp = new Date(Date.UTC(2026, 0, 1) + Math.floor(id / 7) * 1000).toISOString();
      insert.run(
        id,
        ` Name ${id} `,
        ` User${id}@Example.COM `,
        `${id % 1000}.${String(id % 100).padStart(2, '0')}`,
        stamp,
      );
    }
  })();
  source.close();
  const target = new Database(path.join(work.dir, 'target.db'));
  target.exec(
    'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, email TEXT, amount TEXT, updated_at TEXT)',
  );
  target.close();
});

afterAll(() => work.remove());

describe(`SIGKILL in the middle of a run (seed ${seed})`, () => {
  it('sqlite -> sqlite upsert: nothing lost, nothing duplicated, checkpoint never ahead', async () => {
    const progress = () => countRows(path.join(work.dir, 'target.db'));
    await killRepeatedly('to-db', progress, (checkpointId) => {
      const db = new Database(path.join(work.dir, 'target.db'), { readonly: true });
      const held = db.prepare('SELECT count(*) AS n FROM items WHERE id <= ?').get(checkpointId) as {
        n: number;
      };
      db.close();
      return held.n;
    });
    const finished = runCli(['run', 'to-db', '--spec', path.join(work.dir, 'syncline.yaml')]);
    expect(finished.stderr).toBe('');
    expect(finished.status).toBe(0);
    expect(tableDigest(path.join(work.dir, 'target.db'))).toEqual(expectedDigest());
  });

  it('sqlite -> CSV append: the file is cut back to the checkpoint, so no line is written twice', async () => {
    const csv = path.join(work.dir, 'out', 'items.csv');
    const lines = () =>
      existsSync(csv) ? readFileSync(csv, 'utf8').split('\n').filter(Boolean).length - 1 : 0;
    await killRepeatedly('to-csv', lines, (checkpointId) => {
      const ids = new Set(csvIds(csv));
      let held = 0;
      for (let id = 1; id <= checkpointId; id++) if (ids.has(id)) held++;
      return held;
    });
    const finished = runCli(['run', 'to-csv', '--spec', path.join(work.dir, 'syncline.yaml')]);
    expect(finished.status).toBe(0);
    const ids = csvIds(csv);
    expect(ids.length).toBe(rowCount);
    expect(new Set(ids).size).toBe(rowCount);
    expect(ids).toEqual(Array.from({ length: rowCount }, (_, i) => i + 1));
  });
});

/**
 * Starts the flow, kills it once progress passes a threshold that moves through the run,
 * and after each kill checks that every row up to the stored checkpoint is in the target.
 */
async function killRepeatedly(
  flow: string,
  progress: () => number,
  rowsHeldUpTo: (checkpointId: number) => number,
): Promise<void> {
  const specPath = path.join(work.dir, 'syncline.yaml');
  let killed = 0;
  for (let attempt = 0; attempt < kills; attempt++) {
    const before = progress();
    // Spread the kill points over the run, with a random offset so they land in read, map, write or commit.
    const threshold = before + Math.floor((rowCount / (kills + 2)) * (0.5 + random()));
    const child = startCli(['run', flow, '--spec', specPath]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done && progress() < threshold) await sleep(5 + random() * 20);
    if (!done) {
      child.kill('SIGKILL');
      killed++;
    }
    await exited;
    const checkpoint = readCheckpointId(flow);
    if (checkpoint !== undefined) expect(rowsHeldUpTo(checkpoint)).toBe(checkpoint);
  }
  expect(killed).toBeGreaterThanOrEqual(3);
}

function readCheckpointId(flow: string): number | undefined {
  const state = path.join(work.dir, '.syncline', 'state.db');
  if (!existsSync(state)) return undefined;
  const db = new Database(state, { readonly: true });
  try {
    const columns = db.prepare("SELECT name FROM pragma_table_info('checkpoints')").all() as {
      name: string;
    }[];
    const valueColumn = columns.map((c) => c.name).find((name) => /checkpoint|value|data|json/.test(name));
    if (!valueColumn) throw new Error('cannot find the checkpoint column in the state store');
    const row = db.prepare(`SELECT "${valueColumn}" AS value FROM checkpoints WHERE flow = ?`).get(flow) as
      | { value: string }
      | undefined;
    if (!row) return undefined;
    const stored = JSON.parse(row.value) as { source?: { key?: unknown[] } | null };
    const key = stored.source?.key?.[0];
    return typeof key === 'number' ? key : undefined;
  } finally {
    db.close();
  }
}

function countRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function tableDigest(file: string): { rows: number; sha256: string } {
  const db = new Database(file, { readonly: true });
  const hash = createHash('sha256');
  let rows = 0;
  for (const row of db
    .prepare('SELECT id, name, email, amount, updated_at FROM items ORDER BY id')
    .iterate()) {
    hash.update(JSON.stringify(row));
    rows++;
  }
  db.close();
  return { rows, sha256: hash.digest('hex') };
}

function expectedDigest(): { rows: number; sha256: string } {
  const db = new Database(path.join(work.dir, 'source.db'), { readonly: true });
  const hash = createHash('sha256');
  let rows = 0;
  const query = db.prepare('SELECT id, name, email, amount, updated_at FROM items ORDER BY id');
  for (const row of query.iterate() as Iterable<Record<string, unknown>>) {
    const mapped = {
      id: row.id,
      name: String(row.name).trim(),
      email: String(row.email).trim().toLowerCase(),
      amount: row.amount,
      updated_at: row.updated_at,
    };
    hash.update(JSON.stringify(mapped));
    rows++;
  }
  db.close();
  return { rows, sha256: hash.digest('hex') };
}

function csvIds(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => Number(line.split(',')[0]));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small seeded PRNG, so kill points can be replayed. */
function mulberry32(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
