import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
import { openFilesTarget } from '../../src/connectors/files/files-target.js';
import { filesTargetOptions } from '../../src/connectors/files/files-target-options.js';
import type { Target } from '../../src/core/connector.js';
import type { JsonValue } from '../../src/core/row.js';
import { never, readAll, tempDir } from './helpers.js';

const tmp = tempDir('files-target');
afterAll(tmp.cleanup);
mkdirSync(join(tmp.dir, 'out'));
const path = (name: string) => join(tmp.dir, 'out', name);
const text = (name: string) => readFileSync(path(name), 'utf8');

function open(
  options: Record<string, unknown>,
  resume?: JsonValue,
  config: Record<string, unknown> = {},
): Promise<Target> {
  return openFilesTarget(
    { system: 'export', config: filesConfig.parse({ dir: 'out', ...config }), baseDir: tmp.dir },
    { options: filesTargetOptions.parse(options), key: [], mode: 'insert', resume },
  );
}
const insert = (target: Target, rows: Record<string, unknown>[]) =>
  target.write({ rows, key: [], mode: 'insert' }, never);

describe('files target', () => {
  it('appends batches, writes the header once, and reports its position', async () => {
    const target = await open({ file: 'a.csv' });
    const { dev, ino } = statSync(path('a.csv'));
    expect(target.position?.()).toEqual({ file: path('a.csv'), dev, ino, bytes: 0 });
    expect(await insert(target, [{ id: 1, name: 'Ann' }])).toEqual({ written: 1, rejected: [] });
    await insert(target, [{ name: 'Bob', id: 2 }]);
    await target.close();
    const again = await open({ file: 'a.csv' });
    await insert(again, [{ id: 3, name: 'Cy' }]);
    expect(text('a.csv')).toBe('id,name\n1,Ann\n2,Bob\n3,Cy\n');
    expect(again.position?.()).toEqual({
      file: path('a.csv'),
      dev,
      ino,
      bytes: statSync(path('a.csv')).size,
    });
    await again.close();
  });

  it('formats values and quotes where needed; the file reads back', async () => {
    const target = await open({ file: 'values.csv' });
    await insert(target, [
      {
        s: 'a, "b"\nc',
        n: 1.5,
        big: 12345678901234567890n,
        t: true,
        d: new Date('2024-01-02T03:04:05.000Z'),
        bin: new Uint8Array([1, 2, 3]),
        nil: null,
        obj: { a: [1] },
        cr: 'x\ry',
      },
    ]);
    await target.close();
    const source = await openFilesSource(
      { system: 'export', config: filesConfig.parse({ dir: 'out' }), baseDir: tmp.dir },
      { options: filesSourceOptions.parse({ file: 'values.csv' }), key: [], batchSize: 10 },
    );
    expect((await readAll(source)).flatMap((b) => b.rows)).toEqual([
      {
        s: 'a, "b"\nc',
        n: '1.5',
        big: '12345678901234567890',
        t: 'true',
        d: '2024-01-02T03:04:05.000Z',
        bin: 'AQID',
        nil: '',
        obj: '{"a":[1]}',
        cr: 'x\ry',
      },
    ]);
  });

  it('truncates back to the resume position, and refuses a file shorter than it', async () => {
    const target = await open({ file: 'resume.csv' });
    await insert(target, [{ id: 1 }]);
    const saved = target.position?.() as JsonValue;
    await insert(target, [{ id: 2 }]); // written, but its checkpoint never saved: a crash here
    await target.close();
    const resumed = await open({ file: 'resume.csv' }, saved);
    expect(text('resume.csv')).toBe('id\n1\n');
    await insert(resumed, [{ id: 2 }]);
    expect(text('resume.csv')).toBe('id\n1\n2\n');
    await resumed.close();
    await expect(open({ file: 'resume.csv' }, { bytes: 10_000 })).rejects.toMatchObject({
      kind: 'fatal',
      code: 'file-truncated',
    });
    await expect(open({ file: 'resume.csv' }, { line: 3 })).rejects.toMatchObject({
      code: 'checkpoint-mismatch',
    });
  });

  it('cuts back only the file its position was taken in', async () => {
    const target = await open({ file: 'first.csv' });
    await insert(target, [{ id: 1 }]);
    const saved = target.position?.() as JsonValue;
    await target.close();
    // to.file changed: another file (with more bytes than the position) is left alone.
    writeFileSync(path('second.csv'), 'id\n7\n8\n9\n');
    const second = await open({ file: 'second.csv' }, saved);
    await insert(second, [{ id: 10 }]);
    await second.close();
    expect(text('second.csv')).toBe('id\n7\n8\n9\n10\n');
    // Lines someone else appended to the same file are cut (the position cannot tell them apart).
    appendFileSync(path('first.csv'), '2\n');
    await (await open({ file: 'first.csv' }, saved)).close();
    expect(text('first.csv')).toBe('id\n1\n');
  });

  it('refuses a file replaced or deleted under the same name, touching nothing', async () => {
    const target = await open({ file: 'swap.csv' });
    await insert(target, [{ id: 1 }]);
    const saved = target.position?.() as JsonValue;
    await target.close();
    writeFileSync(path('swap.csv.new'), 'id\n5\n6\n7\n');
    renameSync(path('swap.csv.new'), path('swap.csv'));
    await expect(open({ file: 'swap.csv' }, saved)).rejects.toMatchObject({
      kind: 'config',
      code: 'target-file-replaced',
      message: expect.stringContaining(`${path('swap.csv')} was replaced since the last run`),
      hint: expect.stringContaining('run `syncline reset FLOW`'),
    });
    expect(text('swap.csv')).toBe('id\n5\n6\n7\n');
    unlinkSync(path('swap.csv'));
    await expect(open({ file: 'swap.csv' }, saved)).rejects.toMatchObject({
      code: 'target-file-replaced',
      message: expect.stringContaining('was deleted since the last run'),
    });
    expect(existsSync(path('swap.csv'))).toBe(false);
  });

  it('still cuts back by a position saved before it recorded the file', async () => {
    writeFileSync(path('legacy.csv'), 'id\n1\n2\n');
    await (await open({ file: 'legacy.csv' }, { bytes: 5 })).close();
    expect(text('legacy.csv')).toBe('id\n1\n');
  });

  it('keeps the column order of an existing header and refuses fields without a column', async () => {
    writeFileSync(path('existing.csv'), 'name,id\nzed,0\n');
    const target = await open({ file: 'existing.csv' });
    await insert(target, [{ id: 1, name: 'a' }, { id: 2 }]);
    expect(text('existing.csv')).toBe('name,id\nzed,0\na,1\n,2\n');
    await expect(insert(target, [{ id: 3, email: 'x' }])).rejects.toMatchObject({
      kind: 'config',
      code: 'column-not-found',
      message: expect.stringContaining('"email"'),
    });
    await target.close();
    await expect(open({ file: 'existing.csv', columns: ['id', 'name'] })).rejects.toMatchObject({
      code: 'csv-header-mismatch',
    });
  });

  it('writes the configured encoding, delimiter and columns, into new subfolders', async () => {
    const target = await open({ file: 'sub/dir/l1.csv', columns: ['name', 'id'] }, undefined, {
      delimiter: ';',
      encoding: 'latin1',
    });
    await insert(target, [{ id: 1, name: 'Zoë; Köln' }]);
    await target.close();
    expect(iconv.decode(readFileSync(path('sub/dir/l1.csv')), 'latin1')).toBe('name;id\n"Zoë; Köln";1\n');
  });

  it('omits the header when header is false', async () => {
    const target = await open({ file: 'noheader.csv', header: false });
    await insert(target, [{ id: 1 }]);
    await target.close();
    expect(text('noheader.csv')).toBe('1\n');
  });

  it('refuses paths outside the folder and other modes; creates a missing folder', async () => {
    await expect(open({ file: '../escape.csv' })).rejects.toMatchObject({
      kind: 'config',
      code: 'path-outside-dir',
    });
    await expect(open({ file: 'sub/../../escape.csv' })).rejects.toMatchObject({ code: 'path-outside-dir' });
    expect(existsSync(join(tmp.dir, 'escape.csv'))).toBe(false);
    await expect(
      openFilesTarget(
        { system: 'export', config: filesConfig.parse({ dir: 'out' }), baseDir: tmp.dir },
        {
          options: filesTargetOptions.parse({ file: 'm.csv' }),
          key: ['id'],
          mode: 'upsert',
          resume: undefined,
        },
      ),
    ).rejects.toMatchObject({ code: 'mode-not-supported' });
    const created = await open({ file: 'x.csv' }, undefined, { dir: 'made/here' });
    await insert(created, [{ id: 1 }]);
    await created.close();
    expect(readFileSync(join(tmp.dir, 'made', 'here', 'x.csv'), 'utf8')).toBe('id\n1\n');
  });
});
