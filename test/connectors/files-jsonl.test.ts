import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
import { openFilesTarget } from '../../src/connectors/files/files-target.js';
import { filesTargetOptions } from '../../src/connectors/files/files-target-options.js';
import { expectResumeFromEveryBoundary, never, readAll, tempDir } from './helpers.js';

const tmp = tempDir('files-jsonl');
afterAll(tmp.cleanup);
mkdirSync(join(tmp.dir, 'in'));
const context = { system: 'feed', config: filesConfig.parse({ dir: 'in' }), baseDir: tmp.dir };
const inDir = (name: string) => join(tmp.dir, 'in', name);

const openSource = (options: Record<string, unknown>, batchSize = 2) =>
  openFilesSource(context, { options: filesSourceOptions.parse(options), key: [], batchSize });

describe('files connector: JSON Lines', () => {
  it('reads one object per line with JSON values; a bad line is a rejected record, not a failed read', async () => {
    writeFileSync(
      inDir('events.jsonl'),
      [
        '{"id":1,"name":"Zoë 🎉","amount":"12.30","tags":["a"],"meta":{"ok":true},"gone":null}',
        '',
        '{"id":2,"name":"broken"',
        '[1,2]',
        '{"id":3,"name":"last"}',
        '',
      ].join('\r\n'),
    );
    const batches = await readAll(await openSource({ file: 'events.jsonl' }));
    expect(batches.flatMap((b) => b.rows)).toEqual([
      { id: 1, name: 'Zoë 🎉', amount: '12.30', tags: ['a'], meta: { ok: true }, gone: null },
      { id: 3, name: 'last' },
    ]);
    const rejected = batches.flatMap((b) => b.rejected ?? []);
    expect(rejected.map((r) => r.record)).toEqual([
      { file: 'events.jsonl', line: 3, text: '{"id":2,"name":"broken"' },
      { file: 'events.jsonl', line: 4, text: '[1,2]' },
    ]);
    expect(rejected.map((r) => [r.issue.code, r.issue.stage])).toEqual([
      ['jsonl-invalid', 'read'],
      ['jsonl-invalid', 'read'],
    ]);
    expect(rejected[1]?.issue.message).toBe('events.jsonl:4 is not a JSON object: found an array');
    // Rows and rejects count alike toward a batch: 4 records in batches of 2.
    expect(batches.map((b) => b.rows.length + (b.rejected?.length ?? 0))).toEqual([2, 2]);
  });

  it('resumes from every batch boundary by byte offset, and follows a growing file', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: i + 1, text: `línea\n${i}` }));
    writeFileSync(inDir('log.jsonl'), `\uFEFF${lines.join('\n')}\n`);
    const source = await openSource({ file: 'log.jsonl', follow: true });
    expect(source.incremental).toBe(true);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(batches.flatMap((b) => b.rows).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    const last = batches.at(-1)?.checkpoint;
    expect(last).toMatchObject({ line: 5, endLine: 5, bytes: readFileSync(inDir('log.jsonl')).length });
    // A line still being written (no line break yet, not parseable) is left for the next run.
    appendFileSync(inDir('log.jsonl'), '{"id":6}\n{"id":7,"te');
    const next = await readAll(source, last);
    expect(next.flatMap((b) => b.rows)).toEqual([{ id: 6 }]);
    expect(next.flatMap((b) => b.rejected ?? [])).toEqual([]);
    appendFileSync(inDir('log.jsonl'), 'xt":"done"}\n');
    const after = await readAll(source, next.at(-1)?.checkpoint);
    expect(after.flatMap((b) => b.rows)).toEqual([{ id: 7, text: 'done' }]);
  });

  it('appends rows as JSON Lines; a written file reads back the same', async () => {
    const open = (resume?: unknown) =>
      openFilesTarget(context, {
        options: filesTargetOptions.parse({ file: 'out/rows.jsonl' }),
        key: ['id'],
        mode: 'insert',
        resume: resume as never,
      });
    const target = await open();
    const rows = [
      {
        id: 1,
        big: 9007199254740993n,
        at: new Date('2024-05-01T10:00:00.123Z'),
        bytes: new Uint8Array([1, 2, 255]),
      },
      { id: 2, text: 'Zoë\n"quoted"', nested: { a: [1, null] }, missing: undefined },
    ];
    expect(await target.write({ rows, key: ['id'], mode: 'insert' }, never)).toEqual({
      written: 2,
      rejected: [],
    });
    const position = target.position?.();
    await target.close();
    expect(readFileSync(inDir('out/rows.jsonl'), 'utf8')).toBe(
      '{"id":1,"big":"9007199254740993","at":"2024-05-01T10:00:00.123Z","bytes":"AQL/"}\n' +
        '{"id":2,"text":"Zoë\\n\\"quoted\\"","nested":{"a":[1,null]}}\n',
    );
    // A batch written after the saved position (never checkpointed) is cut off on reopen.
    const again = await open(position);
    await again.write({ rows: [{ id: 3 }], key: ['id'], mode: 'insert' }, never);
    await again.close();
    await (await open(position)).close();
    const read = await readAll(await openSource({ file: 'out/rows.jsonl' }, 10));
    expect(read.flatMap((b) => b.rows).map((r) => r.id)).toEqual([1, 2]);
  });
});
