import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * A line the source cannot read (not JSON) becomes a read-stage dead letter holding the raw
 * text. `dead-letters replay` does not send it through the mapping (it would only fail again):
 * it says so, names what to do, leaves it open, and exits non-zero (decision 0021).
 */

let work: ReturnType<typeof makeTempDir>;
const file = (name: string) => path.join(work.dir, name);
const cli = (...args: string[]) =>
  runCli([...args, '--spec', file('syncline.yaml')], undefined, { SYNCLINE_OPERATOR: '' });

beforeEach(() => {
  work = makeTempDir('dead-letter-unreadable');
  writeFileSync(
    file('syncline.yaml'),
    `version: 1
project: { name: unreadable lines }
systems:
  drop: { kind: files, connection: { dir: . } }
  dst: { kind: sqlite, connection: { path: target.db } }
flows:
  people:
    from: { system: drop, file: people.jsonl, key: id }
    to: { system: dst, table: people, key: id, mode: upsert }
`,
  );
  writeFileSync(
    file('people.jsonl'),
    '{"id": 1, "name": "Ann"}\n{"id": 2, "name": "Bo\n{"id": 3, "name": "Cy"}\n',
  );
  const target = new Database(file('target.db'));
  target.exec('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)');
  target.close();
});
afterEach(() => work.remove());

describe('dead-letters replay of a record the source could not read', () => {
  it('is not replayed: the message says to fix it at the source and discard it, and it stays open', () => {
    const run = cli('run', 'people');
    expect([0, 1]).toContain(run.status);
    const listed = JSON.parse(cli('dead-letters', 'list', '--json').stdout) as {
      deadLetters: { id: string; stage: string; code: string; status: string }[];
    };
    expect(listed.deadLetters).toMatchObject([{ stage: 'read', code: 'jsonl-invalid', status: 'open' }]);
    const id = listed.deadLetters[0]?.id ?? '';

    const replay = cli('dead-letters', 'replay', '--flow', 'people');
    expect(replay.status).not.toBe(0);
    expect(replay.stderr).toContain(`dead letter ${id} (flow people, jsonl-invalid) was not replayed`);
    expect(replay.stderr).toContain('people.jsonl:2');
    expect(replay.stderr).toContain(`syncline dead-letters discard ${id}`);
    const after = JSON.parse(cli('dead-letters', 'list', '--json').stdout) as {
      deadLetters: { id: string; status: string; attempts: number }[];
    };
    expect(after.deadLetters).toMatchObject([{ id, status: 'open', attempts: 1 }]);
  });
});
