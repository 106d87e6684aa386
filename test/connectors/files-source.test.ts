import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { filesSourceOptions, openFilesSource } from '../../src/connectors/files/files-source.js';
import type { Source } from '../../src/core/connector.js';
import { expectResumeFromEveryBoundary, readAll, tempDir } from './helpers.js';

const tmp = tempDir('files-source');
afterAll(tmp.cleanup);
mkdirSync(join(tmp.dir, 'in'));

function open(
  options: Record<string, unknown>,
  config: Record<string, unknown> = {},
  batchSize = 2,
): Promise<Source> {
  return openFilesSource(
    { system: 'shop', config: filesConfig.parse({ dir: 'in', ...config }), baseDir: tmp.dir },
    { options: filesSourceOptions.parse(options), key: [], batchSize },
  );
}
const write = (name: string, content: string | Buffer) => writeFileSync(join(tmp.dir, 'in', name), content);
const rowsOf = async (source: Source) => (await readAll(source)).flatMap((b) => b.rows);

describe('files source', () => {
  it('reads a latin1 file with a semicolon delimiter', async () => {
    write('latin1.csv', iconv.encode('id;name;city\n1;Zoë;Köln\n2;José;Málaga\n', 'latin1'));
    const source = await open({ file: 'latin1.csv' }, { delimiter: ';', encoding: 'latin1' });
    expect(await rowsOf(source)).toEqual([
      { id: '1', name: 'Zoë', city: 'Köln' },
      { id: '2', name: 'José', city: 'Málaga' },
    ]);
  });

  it('reads quoted fields with delimiters, quotes and newlines; empty fields are empty strings', async () => {
    write('quoted.csv', 'id,note,empty\r\n1,"a, ""b""\nsecond line",\r\n2,plain,""\r\n');
    expect(await rowsOf(await open({ file: 'quoted.csv' }))).toEqual([
      { id: '1', note: 'a, "b"\nsecond line', empty: '' },
      { id: '2', note: 'plain', empty: '' },
    ]);
  });

  it('strips a UTF-8 BOM, skips blank lines, and reads UTF-16LE', async () => {
    write('bom.csv', '\uFEFFid,name\n\n1,a\n\n2,b\n');
    expect(await rowsOf(await open({ file: 'bom.csv' }))).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ]);
    write('utf16.csv', iconv.encode('\uFEFFid,name\n1,Ærø\n', 'utf-16le'));
    expect(await rowsOf(await open({ file: 'utf16.csv', encoding: 'utf-16le' }))).toEqual([
      { id: '1', name: 'Ærø' },
    ]);
  });

  it('names columns of a file without a header row', async () => {
    write('plain.csv', '1,a\n2,b\n');
    expect(await rowsOf(await open({ file: 'plain.csv', columns: ['id', 'name'] }))).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ]);
    // header: true with columns: renames the header's columns.
    write('renamed.csv', 'ID,Full Name\n1,a\n');
    expect(await rowsOf(await open({ file: 'renamed.csv', header: true, columns: ['id', 'name'] }))).toEqual([
      { id: '1', name: 'a' },
    ]);
    await expect(open({ file: 'plain.csv' }, { header: false })).rejects.toMatchObject({
      code: 'csv-columns-required',
    });
  });

  it('resumes from every batch boundary without gap or duplicate', async () => {
    write('many.csv', `id,v\n${Array.from({ length: 7 }, (_, i) => `${i + 1},"x\ny${i}"`).join('\n')}\n`);
    const source = await open({ file: 'many.csv' });
    expect(source.incremental).toBe(false);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(batches.map((b) => b.checkpoint)).toEqual(
      [2, 4, 6, 7].map((line) => ({ file: 'many.csv', line })),
    );
  });

  it('follows an append-only file and refuses one that shrank', async () => {
    write('log.csv', 'id\n1\n2\n3\n');
    const source = await open({ file: 'log.csv', follow: true });
    expect(source.incremental).toBe(true);
    const first = await readAll(source);
    const end = first.at(-1)?.checkpoint;
    expect(await readAll(source, end)).toEqual([]);
    appendFileSync(join(tmp.dir, 'in', 'log.csv'), '4\n5\n');
    expect((await readAll(source, end)).flatMap((b) => b.rows)).toEqual([{ id: '4' }, { id: '5' }]);
    write('log.csv', 'id\n1\n');
    await expect(readAll(source, end)).rejects.toMatchObject({ kind: 'fatal', code: 'file-truncated' });
    // A checkpoint for another file starts this one from the top.
    expect(await readAll(source, { file: 'other.csv', line: 5 })).toHaveLength(1);
  });

  it('reports malformed CSV with the file and line', async () => {
    write('unclosed.csv', 'id,name\n1,a\n2,"b\n3,c\n');
    await expect(rowsOf(await open({ file: 'unclosed.csv' }))).rejects.toMatchObject({
      kind: 'config',
      code: 'csv-malformed',
      message: expect.stringMatching(
        /^Malformed CSV at unclosed\.csv:3: a quoted field in the record starting here is never closed/,
      ),
    });
    write('short.csv', 'id,name\n1,a\n2\n3,c\n');
    await expect(rowsOf(await open({ file: 'short.csv' }))).rejects.toMatchObject({
      code: 'csv-malformed',
      message: expect.stringContaining('short.csv:3:'),
    });
    write('wide.csv', '1,a\n2,b,c\n');
    await expect(rowsOf(await open({ file: 'wide.csv', columns: ['id', 'name'] }))).rejects.toMatchObject({
      code: 'csv-malformed',
      message: expect.stringContaining('wide.csv:2:'),
    });
    write('dup.csv', 'id,id\n1,2\n');
    await expect(rowsOf(await open({ file: 'dup.csv' }))).rejects.toMatchObject({
      code: 'csv-malformed',
      message: expect.stringContaining('header names column "id" twice'),
    });
  });

  it('stops between batches on abort', async () => {
    write('abort.csv', 'id\n1\n2\n3\n4\n5\n');
    const source = await open({ file: 'abort.csv' });
    const controller = new AbortController();
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const batch of source.read(undefined, controller.signal)) {
        seen.push(...batch.rows);
        controller.abort(new Error('stop'));
      }
    })();
    await expect(reading).rejects.toThrow('stop');
    expect(seen).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('names a missing file with a suggestion, and refuses paths outside the folder', async () => {
    write('orders.csv', 'id\n');
    await expect(open({ file: 'order.csv' })).rejects.toMatchObject({
      kind: 'config',
      code: 'file-not-found',
      message: expect.stringContaining('did you mean "orders.csv"?'),
    });
    await expect(open({ file: '../secret.csv' })).rejects.toMatchObject({ code: 'path-outside-dir' });
    await expect(open({ file: '/etc/passwd' })).rejects.toMatchObject({ code: 'path-outside-dir' });
  });

  it('validates options', () => {
    expect(filesConfig.safeParse({ encoding: 'klingon' }).success).toBe(false);
    expect(filesConfig.parse({})).toEqual({
      dir: '.',
      delimiter: ',',
      encoding: 'utf-8',
      header: true,
      quote: '"',
    });
    expect(filesSourceOptions.safeParse({ file: 'a.csv', delimeter: ';' }).success).toBe(false);
  });
});
