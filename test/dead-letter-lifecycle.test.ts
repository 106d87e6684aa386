import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * The life of a dead letter, end to end with the CLI on SQLite files: invalid records land with
 * reasons and a fixed mapping replays them all; records the target rejects are retried by later
 * runs until written or out of attempts; a newer version of a record supersedes its dead
 * letter, so the old payload is never written over it; a discard keeps who, when and why.
 */

const rows = 100;
const invalidEmail = (id: number) => id % 10 === 0;
/** The target refuses negative amounts (CHECK constraint): a per-record rejection. */
const rejected = [5, 15];

let work: ReturnType<typeof makeTempDir>;
const file = (name: string) => path.join(work.dir, name);
const spec = () => file('syncline.yaml');
const cli = (...args: string[]) => runCli([...args, '--spec', spec()], undefined, { SYNCLINE_OPERATOR: '' });

function writeSpec(emailTransform = 'trim | lower', retryAttempts = 3): void {
  writeFileSync(
    spec(),
    `version: 1
project: { name: dead letters }
systems:
  src: { kind: sqlite, connection: { path: source.db } }
  dst: { kind: sqlite, connection: { path: target.db } }
flows:
  people:
    from: { system: src, table: people, key: id, cursor: updated_at, batchSize: 25 }
    to: { system: dst, table: people, key: id, mode: upsert }
    errors: { retryRejected: { attempts: ${retryAttempts} } }
    fields:
      - { from: id, to: id }
      - { from: email, to: email, transform: "${emailTransform}", validate: [required, email] }
      - { from: amount, to: amount }
      - { from: updated_at, to: updated_at }
`,
  );
}

function sql<T = unknown>(db: string, text: string, ...params: unknown[]): T[] {
  const handle = new Database(file(db));
  try {
    const statement = handle.prepare(text);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  } finally {
    handle.close();
  }
}

interface Letter {
  id: string;
  stage: string;
  code: string;
  message: string;
  key: number[];
  attempts: number;
  status: string;
  resolution?: string;
  resolvedBy?: string;
}
const letters = (status = 'all'): Letter[] =>
  (JSON.parse(cli('dead-letters', 'list', '--status', status, '--json').stdout) as { deadLetters: Letter[] })
    .deadLetters;
const run = () => {
  const result = cli('run', 'people');
  expect(result.status === 0 || result.status === 1).toBe(true);
  return result;
};

beforeEach(() => {
  work = makeTempDir('dead-letters');
  writeSpec();
  const source = new Database(file('source.db'));
  source.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, amount INTEGER, updated_at TEXT)');
  const insert = source.prepare('INSERT INTO people VALUES (?, ?, ?, ?)');
  for (let id = 1; id <= rows; id++) {
    const email = invalidEmail(id) ? ` Person${id}(at)Example.com ` : ` Person${id}@Example.com `;
    insert.run(
      id,
      email,
      rejected.includes(id) ? -1 : id,
      `2026-01-01T00:00:${String(id % 60).padStart(2, '0')}`,
    );
  }
  source.close();
  sql(
    'target.db',
    'CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, amount INTEGER CHECK (amount >= 0), updated_at TEXT)',
  );
});
afterEach(() => work.remove());

describe('dead letters from first failure to resolution', () => {
  it('10% invalid rows all land with reasons; after fixing the mapping, replay delivers 100%', () => {
    run();
    const invalid = letters('open').filter((l) => l.stage !== 'write');
    expect(invalid.map((l) => l.key[0]).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 10 }, (_, i) => (i + 1) * 10),
    );
    for (const letter of invalid) {
      expect(letter.code).not.toBe('');
      expect(letter.message).toMatch(/email/i);
    }
    const code = invalid[0]?.code ?? '';
    expect(sql<{ n: number }>('target.db', 'SELECT count(*) AS n FROM people')[0]?.n).toBe(rows - 10 - 2);

    writeSpec("trim | lower | replace('[(]at[)]', '@')");
    const replay = cli('dead-letters', 'replay', '--flow', 'people', '--code', code);
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toContain('10 replayed, 0 still failing');
    const delivered = sql<{ id: number; email: string }>(
      'target.db',
      'SELECT id, email FROM people WHERE id % 10 = 0 ORDER BY id',
    );
    expect(delivered).toHaveLength(10);
    expect(delivered[0]).toEqual({ id: 10, email: 'person10@example.com' });
  });

  it('retries records the target rejected on later runs, up to errors.retryRejected.attempts', () => {
    run();
    const attemptsOf = () =>
      letters('open')
        .filter((l) => l.stage === 'write')
        .map((l) => [l.key[0], l.attempts]);
    expect(attemptsOf()).toEqual([
      [5, 1],
      [15, 1],
    ]);
    run();
    expect(attemptsOf()).toEqual([
      [5, 2],
      [15, 2],
    ]);
    run();
    run();
    // Three tries in all: the fourth run leaves them for a person to replay or discard.
    expect(attemptsOf()).toEqual([
      [5, 3],
      [15, 3],
    ]);
  });

  it('writes them once the target accepts them, and never an old payload over a newer version', () => {
    run();
    // The target now accepts negative amounts, and record 5 changed in the source meanwhile.
    sql('target.db', 'ALTER TABLE people RENAME TO old');
    sql(
      'target.db',
      'CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, amount INTEGER, updated_at TEXT)',
    );
    sql('target.db', 'INSERT INTO people SELECT * FROM old');
    sql('source.db', "UPDATE people SET amount = 7, updated_at = '2026-02-01T00:00:00' WHERE id = 5");
    run();

    const amounts = sql<{ id: number; amount: number }>(
      'target.db',
      'SELECT id, amount FROM people WHERE id IN (5, 15) ORDER BY id',
    );
    expect(amounts).toEqual([
      { id: 5, amount: 7 },
      { id: 15, amount: -1 },
    ]);
    const byKey = new Map(
      letters()
        .filter((l) => l.stage === 'write')
        .map((l) => [l.key[0], l]),
    );
    expect(byKey.get(5)).toMatchObject({ status: 'superseded' });
    expect(byKey.get(5)?.resolution).toContain('wrote a newer version');
    expect(byKey.get(15)).toMatchObject({ status: 'replayed', attempts: 1 });
    expect(byKey.get(15)?.resolution).toContain('automatic retry');
  });

  it('a discard keeps who discarded, when and why: listed and exported', () => {
    run();
    const [first, second] = letters('open');
    const named = runCli(
      [
        'dead-letters',
        'discard',
        first?.id ?? '',
        '--reason',
        'test record, not a customer',
        '--spec',
        spec(),
      ],
      undefined,
      { SYNCLINE_OPERATOR: 'ops-anna' },
    );
    expect(named.status).toBe(0);
    expect(cli('dead-letters', 'discard', second?.id ?? '', '--reason', 'duplicate of 12').status).toBe(0);

    const listed = cli('dead-letters', 'list', '--status', 'discarded');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/resolved\s+by\s+resolution/);
    expect(listed.stdout).toMatch(
      new RegExp(`${first?.id}.*\\d{4}-\\d\\d-\\d\\dT.*ops-anna\\s+test record, not a customer`),
    );
    expect(listed.stdout).toContain(os.userInfo().username);
    expect(letters('discarded').map((l) => [l.id, l.resolvedBy, l.resolution])).toEqual([
      [first?.id, 'ops-anna', 'test record, not a customer'],
      [second?.id, os.userInfo().username, 'duplicate of 12'],
    ]);

    const csv = cli('dead-letters', 'export', '--status', 'discarded');
    expect(csv.status).toBe(0);
    expect(csv.stdout).toContain('ops-anna,"test record, not a customer"');
  });
});
