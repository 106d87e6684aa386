import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import { openFilesSource } from '../../src/connectors/files/files-source.js';
import { filesSourceOptions } from '../../src/connectors/files/files-source-options.js';
import { expectResumeFromEveryBoundary, readAll, tempDir } from './helpers.js';

const tmp = tempDir('files-xlsx');
afterAll(tmp.cleanup);

const openSource = (options: Record<string, unknown>, batchSize = 2) =>
  openFilesSource(
    { system: 'sheets', config: filesConfig.parse({ dir: 'in' }), baseDir: tmp.dir },
    { options: filesSourceOptions.parse(options), key: [], batchSize },
  );

beforeAll(async () => {
  mkdirSync(join(tmp.dir, 'in'));
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['just', 'notes']);
  const orders = workbook.addWorksheet('Orders');
  orders.addRow(['Report generated 2024-05-01']);
  orders.addRow(['id', 'customer', 'amount', 'paid', 'ordered', 'shipped_at', 'total', 'link']);
  orders.addRow([1, { richText: [{ text: 'Zoë ' }, { font: { bold: true }, text: 'Ltd' }] }, 0.1, true]);
  orders.addRow([
    2,
    'Kœnig 🎉',
    1234567.891,
    false,
    new Date(Date.UTC(2024, 4, 1)),
    new Date(Date.UTC(2024, 4, 1, 13, 45, 30, 250)),
  ]);
  orders.addRow([]);
  orders.addRow([3, null, 1.2345678901234567e19, null, null, null]);
  orders.getCell('G3').value = { formula: 'C3*2', result: 0.2 };
  orders.getCell('H4').value = { text: 'site', hyperlink: 'https://example.com' };
  orders.addRow([4, '', -0.000001]);
  writeFileSync(join(tmp.dir, 'in', 'orders.xlsx'), Buffer.from(await workbook.xlsx.writeBuffer()));
  writeFileSync(join(tmp.dir, 'in', 'fake.xlsx'), 'id,name\n1,a\n');
});

describe('files source: XLSX', () => {
  it('reads a worksheet by name below a header row, with typed cells', async () => {
    const batches = await readAll(await openSource({ file: 'orders.xlsx', sheet: 'orders', headerRow: 2 }));
    const rows = batches.flatMap((b) => b.rows);
    expect(rows).toEqual([
      {
        id: '1',
        customer: 'Zoë Ltd',
        amount: '0.1',
        paid: true,
        ordered: null,
        shipped_at: null,
        total: '0.2',
        link: null,
      },
      {
        id: '2',
        customer: 'Kœnig 🎉',
        amount: '1234567.891',
        paid: false,
        ordered: '2024-05-01',
        shipped_at: '2024-05-01T13:45:30.250',
        total: null,
        link: 'site',
      },
      {
        id: '3',
        customer: null,
        amount: '12345678901234567000',
        paid: null,
        ordered: null,
        shipped_at: null,
        total: null,
        link: null,
      },
      {
        id: '4',
        customer: '',
        amount: '-0.000001',
        paid: null,
        ordered: null,
        shipped_at: null,
        total: null,
        link: null,
      },
    ]);
  });

  it('picks a worksheet by number, resumes by counting rows, and names what is wrong', async () => {
    const notes = await readAll(await openSource({ file: 'orders.xlsx', sheet: 1 }));
    expect(notes).toEqual([]);
    const source = await openSource({ file: 'orders.xlsx', sheet: 2, headerRow: 2 }, 1);
    const batches = await expectResumeFromEveryBoundary(source);
    expect(batches.map((b) => (b.checkpoint as { line: number }).line)).toEqual([1, 2, 3, 4]);
    await expect(openSource({ file: 'orders.xlsx', sheet: 'Invoices' }).then(readAll)).rejects.toMatchObject({
      code: 'sheet-not-found',
      hint: 'Worksheets: Notes, Orders.',
    });
    await expect(openSource({ file: 'fake.xlsx' }).then(readAll)).rejects.toMatchObject({
      code: 'xlsx-unreadable',
    });
    // The header row has empty cells past the title in row 1.
    await expect(openSource({ file: 'orders.xlsx', sheet: 'Orders' }).then(readAll)).rejects.toMatchObject({
      code: 'xlsx-header-invalid',
      message: 'Worksheet header in orders.xlsx, row 1: header cell 2 is empty',
    });
  });
});
