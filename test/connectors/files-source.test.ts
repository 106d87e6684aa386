import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
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
const inDir = (name: string) => join(tmp.dir, 'in', name);
const write = (name: string, content: string | Buffer) => writeFileSync(inDir(name), content);
/** Replaces a file by renaming a new one over it: a different inode, as log rotation gives. */
const replace = (name: string, content: string) => {
  write(`${name}.new`, content);
  renameSync(inDir(`${name}.new`), inDir(name));
};
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
    const { dev, ino } = statSync(inDir('many.csv'));
    expect(batches.map((b) => b.checkpoint)).toEqual(
      [2, 4, 6, 7].map((line) => ({
        file: inDir('many.csv'),
        dev,
        ino,
        line,
        bytes: expect.any(Number),
        endLine: line * 2 + 1,
        // The last batch holds the file's last record.
        ...(line === 7
          ? { complete: true, size: statSync(inDir('many.csv')).size, mtimeMs: expect.any(Number) }
          : {}),
      })),
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
    // Truncated in place (same inode, fewer bytes than were read).
    write('log.csv', 'id\n1\n');
    await expect(readAll(source, end)).rejects.toMatchObject({
      kind: 'config',
      code: 'checkpoint-mismatch',
      message:
        'System "shop": File log.csv is 5 bytes, smaller than the 9 already read: it was truncated or rotated',
      hint: expect.stringContaining('run `syncline reset FLOW` to read it from the start'),
    });
    // A checkpoint for another file starts this one from the top.
    expect(await readAll(source, { file: 'other.csv', line: 5 })).toHaveLength(1);
  });

  it('seeks to the saved byte offset of a UTF-8 file instead of re-reading it', async () => {
    write('seek.csv', 'a,b\n1,2\n3,4\n5,6\n');
    const source = await open({ file: 'seek.csv', follow: true });
    const [first] = await readAll(source);
    const checkpoint = first?.checkpoint;
    expect(checkpoint).toMatchObject({ line: 2, bytes: 12, endLine: 3 });
    // Spoil a record before the offset in place (same length, same inode): a re-read would stop there.
    const fd = openSync(inDir('seek.csv'), 'r+');
    writeSync(fd, '1,,', 4);
    closeSync(fd);
    expect((await readAll(source, checkpoint)).flatMap((b) => b.rows)).toEqual([{ a: '5', b: '6' }]);
    // Lines in messages stay the file's own after a seek.
    appendFileSync(inDir('seek.csv'), '7\n');
    await expect(readAll(source, checkpoint)).rejects.toMatchObject({
      code: 'csv-malformed',
      message: expect.stringContaining('seek.csv:5:'),
    });
  });

  it('resumes from every boundary of a UTF-8 file with a BOM, CRLF and multi-byte text', async () => {
    const records = ['1,"Zoë\r\nKöln"', '2,東京', '3,"😀, ""x"""', '4,', '5,Ærø'];
    write('utf8.csv', `\uFEFFid,name\r\n${records.join('\r\n')}\r\n`);
    const source = await open({ file: 'utf8.csv', follow: true });
    const batches = await expectResumeFromEveryBoundary(source);
    expect(batches.flatMap((b) => b.rows).map((r) => r.name)).toEqual([
      'Zoë\r\nKöln',
      '東京',
      '😀, "x"',
      '',
      'Ærø',
    ]);
    const prefix = `\uFEFFid,name\r\n${records.slice(0, 2).join('\r\n')}\r\n`;
    expect(batches[0]?.checkpoint).toMatchObject({ bytes: Buffer.byteLength(prefix) });
  });

  it('refuses to resume in a file replaced under the same name, as rotation does', async () => {
    write('rotate.csv', 'id\n1\n2\n');
    const source = await open({ file: 'rotate.csv', follow: true });
    const end = (await readAll(source)).at(-1)?.checkpoint;
    replace('rotate.csv', 'id\n1\n2\n3\n4\n');
    await expect(readAll(source, end)).rejects.toMatchObject({
      kind: 'config',
      code: 'checkpoint-mismatch',
      message: expect.stringContaining('File rotate.csv was replaced since the saved checkpoint'),
      hint: expect.stringContaining('`syncline reset FLOW`'),
    });
    // The same checkpoint under another file: that file is read from the start.
    write('other.csv', 'id\n9\n');
    const other = await open({ file: 'other.csv', follow: true });
    expect((await readAll(other, end)).flatMap((b) => b.rows)).toEqual([{ id: '9' }]);
  });

  it('resumes a non-UTF-8 file by counting records, still checking that it is the same file', async () => {
    write('l1.csv', iconv.encode('id;name\n1;Zoë\n2;Jörg\n3;Åsa\n', 'latin1'));
    const source = await open({ file: 'l1.csv', follow: true }, { delimiter: ';', encoding: 'latin1' });
    const batches = await expectResumeFromEveryBoundary(source);
    expect(batches[0]?.checkpoint).not.toHaveProperty('bytes');
    replace('l1.csv', 'id;name\n1;a\n2;b\n3;c\n');
    await expect(readAll(source, batches[0]?.checkpoint)).rejects.toMatchObject({
      code: 'checkpoint-mismatch',
    });
  });

  it('accepts a checkpoint saved before it recorded the file identity', async () => {
    write('legacy.csv', 'id\n1\n2\n3\n');
    const source = await open({ file: 'legacy.csv', follow: true });
    expect((await readAll(source, { file: 'legacy.csv', line: 2 })).flatMap((b) => b.rows)).toEqual([
      { id: '3' },
    ]);
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
    // No delimiter or encoding: sources sniff them (auto), targets write ',' and UTF-8.
    expect(filesConfig.parse({})).toEqual({
      dir: '.',
      header: true,
      quote: '"',
    });
    expect(filesSourceOptions.safeParse({ file: 'a.csv', delimeter: ';' }).success).toBe(false);
  });
});
