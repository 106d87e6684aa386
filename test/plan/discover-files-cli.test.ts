import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnShape, SystemSnapshot } from '../../src/core/table-shape.js';
import { runCli } from '../support/cli.js';
import { mixedDatesCsv } from '../support/mixed-dates-csv.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * `syncline discover` on a files system: Chinook's invoices exported to CSV (one file per year,
 * read as a pattern too) and tracks to JSON Lines by the test, the hand-made mapping workbook
 * fixture (a title above its header, a change log sheet), and a CSV with mixed date formats.
 */

const work = makeTempDir('discover-files');
const exportsDir = path.join(work.dir, 'exports');
const chinook = new Database(path.resolve('examples/datasets/chinook/Chinook_Sqlite.sqlite'), {
  readonly: true,
});

/** The years Chinook's invoices fall in (the dataset's copies differ), one export file each. */
const years = (
  chinook.prepare('SELECT DISTINCT substr(InvoiceDate, 1, 4) AS year FROM Invoice ORDER BY 1').all() as {
    year: string;
  }[]
).map((row) => row.year);
const firstYear = years[0] ?? '';

const csvField = (value: unknown) => {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

beforeAll(() => {
  mkdirSync(exportsDir);
  const invoices = chinook.prepare('SELECT * FROM Invoice ORDER BY InvoiceId').all() as Record<
    string,
    unknown
  >[];
  const header = Object.keys(invoices[0] ?? {});
  for (const year of years) {
    const rows = invoices.filter((row) => String(row.InvoiceDate).startsWith(year));
    writeFileSync(
      path.join(exportsDir, `invoices-${year}.csv`),
      `${header.join(',')}\n${rows.map((row) => header.map((h) => csvField(row[h])).join(',')).join('\n')}\n`,
    );
  }
  const tracks = chinook.prepare('SELECT * FROM Track ORDER BY TrackId LIMIT 500').all();
  writeFileSync(
    path.join(exportsDir, 'tracks.jsonl'),
    `${tracks.map((t) => JSON.stringify(t)).join('\n')}\n`,
  );
  writeFileSync(path.join(exportsDir, 'signups.csv'), mixedDatesCsv());
  copyFileSync(path.resolve('test/fixtures/sheets/customers.xlsx'), path.join(exportsDir, 'mapping.xlsx'));
  writeFileSync(
    path.join(work.dir, 'syncline.yaml'),
    [
      'version: 1',
      'project: { name: discover files }',
      'systems:',
      '  exports: { kind: files, connection: { dir: exports } }',
      '',
    ].join('\n'),
  );
});
afterAll(() => {
  chinook.close();
  work.remove();
});

function discover(...args: string[]): SystemSnapshot {
  const result = runCli(['discover', 'exports', '--json', ...args], work.dir);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as SystemSnapshot;
}
const columnsOf = (snapshot: SystemSnapshot, table: string) =>
  new Map<string, ColumnShape>(
    snapshot.tables.find((t) => t.name === table)?.columns.map((c) => [c.name, c]),
  );

describe('syncline discover on files', () => {
  let snapshot: SystemSnapshot;
  beforeAll(() => {
    snapshot = discover();
  });

  it('describes every data file and sheet in the folder', () => {
    expect(years.length).toBeGreaterThan(1);
    expect(snapshot.tables.map((t) => t.name)).toEqual([
      ...years.map((year) => `invoices-${year}.csv`),
      'mapping.xlsx',
      'mapping.xlsx#Change log',
      'signups.csv',
      'tracks.jsonl',
    ]);
    expect(snapshot.tables.every((t) => t.kind === 'file')).toBe(true);
  });

  it("infers Chinook's invoice columns from the CSV text", () => {
    const file = `invoices-${firstYear}.csv`;
    const columns = columnsOf(snapshot, file);
    const ofYear = (expression: string) =>
      (
        chinook
          .prepare(`SELECT ${expression} AS n FROM Invoice WHERE substr(InvoiceDate, 1, 4) = ?`)
          .get(firstYear) as { n: number }
      ).n;
    expect(columns.get('InvoiceId')).toEqual({
      name: 'InvoiceId',
      type: 'integer',
      nullable: false,
      hasDefault: false,
    });
    expect(columns.get('InvoiceDate')).toMatchObject({
      type: 'datetime',
      formats: [{ format: 'ISO', share: 1 }],
    });
    expect(columns.get('Total')).toMatchObject({ type: 'decimal(4,2)', scale: 2, nullable: false });
    expect(columns.get('BillingState')).toMatchObject({ type: 'text', nullable: true });
    expect(columns.get('BillingAddress')).toMatchObject({
      type: 'text',
      longest: ofYear('max(length(BillingAddress))'),
    });
    const table = snapshot.tables.find((t) => t.name === file);
    const count = ofYear('count(*)');
    expect([table?.rows, table?.sampled]).toEqual([count, count]);
  });

  it('reads JSON Lines values as they are typed', () => {
    const columns = columnsOf(snapshot, 'tracks.jsonl');
    expect(columns.get('Milliseconds')).toMatchObject({ type: 'integer', nullable: false });
    expect(columns.get('UnitPrice')).toMatchObject({ type: 'decimal(3,2)' });
    expect(columns.get('Composer')).toMatchObject({ type: 'text', nullable: true });
  });

  it('finds the header below a title in a workbook, and reads each sheet', () => {
    const mapping = columnsOf(snapshot, 'mapping.xlsx');
    expect([...mapping.keys()].slice(0, 3)).toEqual(['Source System', 'Source Field', 'Transformation']);
    expect(mapping.get('Validation')).toMatchObject({ type: 'text', nullable: true });
    const log = columnsOf(snapshot, 'mapping.xlsx#Change log');
    expect(log.get('Date')).toMatchObject({ type: 'date', formats: [{ format: 'ISO', count: 2 }] });
  });

  it("gives each date format's share in a CSV with mixed dates", () => {
    expect(columnsOf(snapshot, 'signups.csv').get('signup_date')).toMatchObject({
      type: 'date',
      nullable: false,
      ambiguousDates: 11,
      formats: [
        { format: 'dd/MM/yyyy', count: 71, share: 0.71 },
        { format: 'MM/dd/yyyy', count: 20, share: 0.2 },
        { format: 'ISO', count: 9, share: 0.09 },
      ],
    });
    const text = runCli(['discover', 'exports', '--table', 'signups.csv'], work.dir).stdout;
    expect(text).toContain('signup_date: date formats dd/MM/yyyy 71%, MM/dd/yyyy 20%, ISO 9%; 11 ambiguous');
    expect(text).toContain('file signups.csv, types from all 100 rows');
  });

  it('describes the files of a pattern as one table', () => {
    const all = discover('--table', 'invoices-*.csv');
    expect(all.tables.map((t) => [t.name, t.rows])).toEqual([['invoices-*.csv', 412]]);
    expect(columnsOf(all, 'invoices-*.csv').get('Total')).toMatchObject({ type: 'decimal(4,2)' });
  });

  it('names a missing file or sheet', () => {
    const missing = runCli(['discover', 'exports', '--table', 'signup.csv'], work.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/signup\.csv does not exist — did you mean "signups\.csv"\?/);
    const sheet = runCli(['discover', 'exports', '--table', 'mapping.xlsx#Changes'], work.dir);
    expect(sheet.stderr).toMatch(/no worksheet "Changes".*Change log/s);
  });
});
