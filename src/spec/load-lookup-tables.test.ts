import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLookupTables } from './load-lookup-tables.js';
import { parseSpec } from './load-spec.js';
import { lookupSchema } from './schema.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'syncline-lookups-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadLookupTables', () => {
  it('reads CSV tables next to inline ones, text exactly as written', () => {
    const dir = folder({
      'countries.csv':
        '\uFEFFname,code,region\nBrazil,BR,LATAM\nCzech Republic,CZ,EMEA\n"Côte d\'Ivoire",CI,EMEA\n\n',
      'zip.csv': 'zip;city\n00192;Roma\n',
    });
    const { tables, problems } = loadLookupTables(
      {
        lookups: {
          countries: { file: 'countries.csv', key: 'name', value: 'code' },
          zips: { file: 'zip.csv', key: 'zip', value: 'city', delimiter: ';' },
          inline: { Norway: 'NO' },
        },
      },
      dir,
    );
    expect(problems).toEqual([]);
    expect(tables).toEqual({
      countries: { Brazil: 'BR', 'Czech Republic': 'CZ', "Côte d'Ivoire": 'CI' },
      zips: { '00192': 'Roma' },
      inline: { Norway: 'NO' },
    });
  });

  it('joins several key columns with @, the form dated currency rates use', () => {
    const dir = folder({ 'fx.csv': 'date,currency,rate\n2024-01-02,USD,1.0956\n2024-01-02,NOK,11.4825\n' });
    const { tables } = loadLookupTables(
      { lookups: { fx: { file: 'fx.csv', key: ['currency', 'date'], value: 'rate' } } },
      dir,
    );
    expect(tables.fx).toEqual({ 'USD@2024-01-02': '1.0956', 'NOK@2024-01-02': '11.4825' });
  });

  it('reports every problem at once: missing file, unknown column, repeated key, broken CSV', () => {
    const dir = folder({
      'a.csv': 'name,code\nBrazil,BR\nNorway,NO\nBrazil,BZ\n',
      'b.csv': 'name,code\nBrazil,BR\n',
      'c.csv': 'name,code\n"Brazil,BR\n',
      'd.csv': 'name;code\nBrazil;BR\n',
    });
    const { tables, problems } = loadLookupTables(
      {
        lookups: {
          repeated: { file: 'a.csv', key: 'name', value: 'code' },
          column: { file: 'b.csv', key: 'nam', value: 'code' },
          broken: { file: 'c.csv', key: 'name', value: 'code' },
          semicolons: { file: 'd.csv', key: 'name', value: 'code' },
          missing: { file: 'nope.csv', key: 'name', value: 'code' },
        },
      },
      dir,
    );
    expect(tables).toEqual({});
    expect(problems.map((p) => [p.file, p.line, p.path, p.code, p.message, p.hint])).toEqual([
      [
        'a.csv',
        4,
        'lookups.repeated',
        'duplicate-lookup-key',
        'key "Brazil" is given twice (lines 2 and 4)',
        'keep one of the rows',
      ],
      [
        'b.csv',
        1,
        'lookups.column.key',
        'unknown-lookup-column',
        'b.csv has no column "nam" (did you mean "name"?)',
        'its columns: name, code',
      ],
      [
        'c.csv',
        2,
        'lookups.broken',
        'bad-lookup-file',
        expect.stringMatching(/^is not readable CSV: Quote Not Closed/),
        'check quotes and the delimiter: setting',
      ],
      [
        'd.csv',
        1,
        'lookups.semicolons',
        'lookup-file-delimiter',
        'd.csv seems to separate its columns with ";", not ","',
        'add delimiter: ";"',
      ],
      [
        'nope.csv',
        1,
        'lookups.missing.file',
        'lookup-file-unreadable',
        'cannot read nope.csv: there is no such file',
        'the path is relative to the spec file',
      ],
    ]);
  });

  it('points spec problems at the spec line and file problems at the file next to it', () => {
    const dir = folder({ 'a.csv': 'name,code\nBrazil,BR\nBrazil,BZ\n' });
    const source = [
      'version: 1',
      'project: { name: demo }',
      'systems: { a: { kind: manual } }',
      'lookups:',
      '  countries: { file: a.csv, key: name, value: code }',
      '  other: { file: b.csv, key: name, value: code }',
      '',
    ].join('\n');
    const loaded = parseSpec(source, path.join(dir, 'syncline.yaml'));
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const { problems } = loadLookupTables(loaded.spec, loaded.baseDir, loaded.locate);
    expect(problems.map((p) => `${p.file}:${p.line} ${p.path}: ${p.message}`)).toEqual([
      `${path.join(dir, 'a.csv')}:3 lookups.countries: key "Brazil" is given twice (lines 2 and 3)`,
      `${path.join(dir, 'syncline.yaml')}:6 lookups.other.file: cannot read b.csv: there is no such file`,
    ]);
  });
});

describe('lookupSchema', () => {
  it('tells a file table from an inline one, and refuses a file table missing a key', () => {
    expect(lookupSchema.safeParse({ file: 'a.csv', key: 'name', value: 'code' }).success).toBe(true);
    expect(lookupSchema.safeParse({ Germany: 'DE', file: 'x' }).success).toBe(false);
    expect(lookupSchema.safeParse({ file: 'a.csv', key: 'name' }).success).toBe(false);
    expect(lookupSchema.safeParse({ Germany: 'DE', France: 'FR' }).success).toBe(true);
  });
});
