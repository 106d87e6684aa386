import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * The files connector through the real CLI: a JSON Lines drop folder read by pattern into a
 * CSV file, with a bad line dead-lettered (file and line) and each file archived once written.
 */

const spec = `
version: 1
project: { name: files flow }
systems:
  drop: { kind: files, connection: { dir: drop } }
  out: { kind: files, connection: { dir: out } }
flows:
  orders:
    from: { system: drop, pattern: "orders-*.jsonl", archive: processed, key: id, batchSize: 2 }
    to: { system: out, file: orders.csv, mode: insert }
    fields:
      - { from: id, to: id }
      - { from: total, to: total }
`;

let work: ReturnType<typeof makeTempDir>;
const at = (...parts: string[]) => path.join(work.dir, ...parts);
const cli = (...args: string[]) => runCli([...args, '--spec', at('syncline.yaml')]);
function drop(name: string, lines: readonly string[]): void {
  writeFileSync(at('drop', name), `${lines.join('\n')}\n`);
  const past = new Date(Date.now() - 60_000);
  utimesSync(at('drop', name), past, past);
}

beforeAll(() => {
  work = makeTempDir('files-flow');
  mkdirSync(at('drop'));
  writeFileSync(at('syncline.yaml'), spec);
});
afterAll(() => work.remove());

describe('files flow through the CLI', () => {
  it('reads the pattern, dead-letters the bad line, archives each file, and reads only new files next run', () => {
    drop('orders-001.jsonl', ['{"id":1,"total":"10.50"}', '{"id":2,"total":"3.00"}', '{"id":3,"total":']);
    drop('orders-002.jsonl', ['{"id":4,"total":"7.25"}']);
    writeFileSync(at('drop', 'orders-003.jsonl.part'), '{"id":99}\n');
    const first = cli('run', 'orders');
    expect(first.status, first.stderr + first.stdout).toBe(0);
    expect(readFileSync(at('out', 'orders.csv'), 'utf8')).toBe('id,total\n1,10.50\n2,3.00\n4,7.25\n');
    expect(readdirSync(at('drop', 'processed')).sort()).toEqual(['orders-001.jsonl', 'orders-002.jsonl']);
    expect(existsSync(at('drop', 'orders-003.jsonl.part'))).toBe(true);

    const letters = cli('dead-letters', 'list', '--json');
    expect(letters.status, letters.stderr).toBe(0);
    const { deadLetters } = JSON.parse(letters.stdout) as { deadLetters: Record<string, unknown>[] };
    expect(deadLetters).toEqual([
      expect.objectContaining({
        flow: 'orders',
        stage: 'read',
        code: 'jsonl-invalid',
        payload: { file: 'orders-001.jsonl', line: 3, text: '{"id":3,"total":' },
      }),
    ]);

    drop('orders-003.jsonl', ['{"id":5,"total":"1.00"}']);
    const second = cli('run', 'orders');
    expect(second.status, second.stderr + second.stdout).toBe(0);
    expect(readFileSync(at('out', 'orders.csv'), 'utf8')).toBe('id,total\n1,10.50\n2,3.00\n4,7.25\n5,1.00\n');
    expect(readdirSync(at('drop', 'processed')).sort()).toEqual([
      'orders-001.jsonl',
      'orders-002.jsonl',
      'orders-003.jsonl',
    ]);
  });
});
