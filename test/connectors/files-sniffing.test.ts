import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
import { sniffDelimiter } from '../../src/connectors/files/sniff-delimiter.js';
import { isValidUtf8, sniffEncoding } from '../../src/connectors/files/sniff-encoding.js';
import { readAll, tempDir } from './helpers.js';

const tmp = tempDir('files-sniffing');
afterAll(tmp.cleanup);
mkdirSync(join(tmp.dir, 'in'));

async function readFile(name: string, content: string | Buffer, options: Record<string, unknown> = {}) {
  writeFileSync(join(tmp.dir, 'in', name), content);
  const source = await openFilesSource(
    { system: 'legacy', config: filesConfig.parse({ dir: 'in' }), baseDir: tmp.dir },
    { options: filesSourceOptions.parse({ file: name, ...options }), key: [], batchSize: 100 },
  );
  const batches = await readAll(source);
  await source.close();
  return { rows: batches.flatMap((b) => b.rows), warnings: batches.flatMap((b) => b.warnings ?? []) };
}

const expected = [
  { id: '1', name: 'Zoë', note: 'a;b, "c"' },
  { id: '2', name: 'Kœnig – €5', note: '' },
];
/** The expected rows as CSV with a delimiter, quoting the note. */
const csv = (d: string) => `id${d}name${d}note\r\n1${d}Zoë${d}"a;b, ""c"""\r\n2${d}Kœnig – €5${d}\r\n`;

describe('files source: encoding and delimiter sniffing (the default: auto)', () => {
  it('reads UTF-8 with and without a BOM, UTF-16 LE and BE by their BOM', async () => {
    for (const [name, bytes] of [
      ['plain.csv', Buffer.from(csv(','), 'utf8')],
      ['bom.csv', Buffer.from(`\uFEFF${csv(',')}`, 'utf8')],
      ['le.csv', iconv.encode(`\uFEFF${csv(';')}`, 'utf-16le')],
      ['be.csv', iconv.encode(`\uFEFF${csv('\t')}`, 'utf-16be')],
    ] as const) {
      const { rows, warnings } = await readFile(name, bytes);
      expect(rows, name).toEqual(expected);
      expect(warnings, name).toEqual([]);
    }
  });

  it('reads Windows-1252 when bytes 0x80-0x9F occur, else Latin-1, with a warning', async () => {
    const cp1252 = await readFile('cp1252.csv', iconv.encode(csv('|'), 'windows-1252'));
    expect(cp1252.rows).toEqual(expected);
    expect(cp1252.warnings).toEqual([
      expect.stringMatching(/cp1252\.csv is not valid UTF-8; reading it as windows-1252/),
    ]);
    const latin = await readFile('latin.csv', iconv.encode('id;name\n1;Zoë\n2;Ærø ½\n', 'latin1'));
    expect(latin.rows).toEqual([
      { id: '1', name: 'Zoë' },
      { id: '2', name: 'Ærø ½' },
    ]);
    expect(latin.warnings).toEqual([expect.stringContaining('reading it as latin1')]);
  });

  it('takes an explicit encoding and delimiter as given, without sniffing', async () => {
    const { rows, warnings } = await readFile('explicit.csv', iconv.encode('a;b\n1;é\n', 'latin1'), {
      encoding: 'latin1',
      delimiter: ',',
    });
    expect(rows).toEqual([{ 'a;b': '1;é' }]);
    expect(warnings).toEqual([]);
  });

  it('picks the delimiter that is consistent over the lines, outside quotes', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n', '"')).toBe(',');
    expect(sniffDelimiter('name;price\nA;1,5\nB;2,25\n', '"')).toBe(';');
    expect(sniffDelimiter('a\tb\n"x,y,z"\t2\n', '"')).toBe('\t');
    expect(sniffDelimiter('a|b\n"1;2;3"|x\n"multi\nline;;"|y\n', '"')).toBe('|');
    // One column: no candidate at all.
    expect(sniffDelimiter('id\n1\n2\n', '"')).toBe(',');
    // Inconsistent commas in free text lose to a consistent semicolon.
    expect(sniffDelimiter('id;text\n1;hello, world\n2;a, b, c\n3;none\n', '"')).toBe(';');
  });

  it('tells UTF-8 from other bytes, tolerating a character cut off by the end of the head', () => {
    expect(isValidUtf8(Buffer.from('Zoë €', 'utf8'))).toBe(true);
    expect(isValidUtf8(Buffer.from('€', 'utf8').subarray(0, 2))).toBe(true);
    expect(isValidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(false);
    expect(isValidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(false);
    expect(isValidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(false);
    expect(sniffEncoding(Buffer.from([0x80, 0x41]), 'f').encoding).toBe('windows-1252');
    expect(sniffEncoding(Buffer.from([0xe9, 0x41]), 'f').encoding).toBe('latin1');
  });
});
