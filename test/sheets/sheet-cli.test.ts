import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { onInvalidSchema } from '../../src/spec/schema.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

/** `syncline sheet export` and `syncline sheet import`, and errors that point at cells. */
const quickStart = path.resolve('examples/quick-start/syncline.yaml');
const flow = 'customers-to-erp';
const temps: { remove(): void }[] = [];
afterAll(() => {
  for (const temp of temps) temp.remove();
});

function tempProject(): { dir: string; spec: string } {
  const temp = makeTempDir('sheet-cli');
  temps.push(temp);
  const spec = path.join(temp.dir, 'syncline.yaml');
  copyFileSync(quickStart, spec);
  mkdirSync(path.join(temp.dir, 'mappings'));
  return { dir: temp.dir, spec };
}

async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** The spec with the flow's fields: replaced by `mapping: <sheet>`. */
function useSheet(spec: string, sheet: string): void {
  const lines = readFileSync(spec, 'utf8').split('\n');
  const start = lines.indexOf('    fields:', lines.indexOf(`  ${flow}:`));
  let end = start + 1;
  while (/^ {6}/.test(lines[end] ?? '')) end++;
  lines.splice(start, end - start, `    mapping: ${sheet}`);
  writeFileSync(spec, lines.join('\n'));
}

describe('syncline sheet export --format xlsx', () => {
  it('writes a workbook with a frozen header, fitted widths, drop-downs and a sheet documenting each transform', async () => {
    const { dir } = tempProject();
    const result = runCli(['sheet', 'export', flow, '--out', 'mappings/customers.xlsx'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      `wrote the 9 field mappings of flow ${flow} to mappings/customers.xlsx (XLSX)`,
    );
    expect(result.stdout).toContain('mapping: mappings/customers.xlsx');

    const workbook = await readWorkbook(path.join(dir, 'mappings/customers.xlsx'));
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      [flow, 'visible'],
      ['Lists', 'hidden'],
      ['Transforms', 'visible'],
      ['Rules', 'visible'],
    ]);
    const mapping = workbook.getWorksheet(flow) as ExcelJS.Worksheet;
    expect(mapping.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(mapping.getRow(1).values).toEqual([
      undefined,
      'source system',
      'source field',
      'transformation',
      'target system',
      'target field',
      'validation',
      'on invalid',
      'notes',
    ]);
    expect(mapping.getCell('C4').value).toBe('split-name');
    expect(mapping.getCell('E4').value).toBe('first_name, last_name');
    // Wide enough for the format-date pipe, never wider than 60.
    expect(mapping.getColumn(3).width).toBe("format-date(from: 'MM/dd/yyyy', to: 'yyyy-MM-dd')".length + 2);
    expect(mapping.getColumn(8).width).toBeLessThanOrEqual(60);

    // The built CLI lists the transforms of its own build; the library is growing, so the test
    // checks that every list agrees with the others and holds the transforms this flow uses.
    const lists = workbook.getWorksheet('Lists') as ExcelJS.Worksheet;
    const transformNames = lists.getColumn(1).values.slice(1) as string[];
    const ruleNames = lists.getColumn(2).values.slice(1) as string[];
    expect(transformNames).toEqual(
      expect.arrayContaining(['trim', 'lower', 'join', 'split-name', 'format-date', 'lookup']),
    );
    expect(ruleNames).toEqual(expect.arrayContaining(['required', 'email']));
    expect(lists.getColumn(3).values.slice(1)).toContain('last_name');
    const validations = (
      mapping as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }
    ).dataValidations.model;
    expect(validations.C5).toMatchObject({
      type: 'list',
      formulae: [`Lists!$A$1:$A$${transformNames.length}`],
    });
    expect(validations.F5).toMatchObject({ type: 'list', formulae: [`Lists!$B$1:$B$${ruleNames.length}`] });
    expect(validations.E5).toMatchObject({ type: 'list', formulae: ['Lists!$C$1:$C$10'] });
    expect(validations.G5).toMatchObject({
      type: 'list',
      formulae: [`"${onInvalidSchema.options.join(',')}"`],
      showErrorMessage: true,
    });

    const documented = workbook.getWorksheet('Transforms') as ExcelJS.Worksheet;
    expect(documented.getRow(1).values).toEqual([undefined, 'name', 'summary', 'arguments', 'example']);
    expect(documented.getColumn(1).values.slice(2)).toEqual(transformNames);
    const formatDate = documented.getRow(transformNames.indexOf('format-date') + 2);
    expect(String(formatDate.getCell(2).value)).toMatch(/date/i);
    expect(String(formatDate.getCell(3).value)).toMatch(/^to \(1st\)/m);
    expect(String(formatDate.getCell(3).value)).toMatch(/^from \(optional\)/m);
    for (let row = 2; row <= transformNames.length + 1; row++) {
      expect(String(documented.getRow(row).getCell(2).value ?? '')).not.toBe('');
      expect(String(documented.getRow(row).getCell(4).value ?? '')).not.toBe('');
    }
    expect((workbook.getWorksheet('Rules') as ExcelJS.Worksheet).getColumn(1).values.slice(2)).toEqual(
      ruleNames,
    );
  });

  it('writes CSV to standard output with --out -', () => {
    const { dir } = tempProject();
    const result = runCli(['sheet', 'export', flow, '--out', '-'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      '\uFEFFsource system,source field,transformation,target system,target field,validation,on invalid,notes',
    );
    expect(result.stdout).toContain('crm,"street, city, postal_code","join(\', \')",erp,billing_address,,,');
  });

  it('names an unknown flow with a suggestion and exits 2', () => {
    const { dir } = tempProject();
    const result = runCli(['sheet', 'export', 'customers-to-epr'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('there is no flow "customers-to-epr" (did you mean "customers-to-erp"?)');
  });
});

describe('problems in a sheet', () => {
  async function badWorkbook(dir: string): Promise<void> {
    expect(runCli(['sheet', 'export', flow, '--out', 'mappings/customers.xlsx'], dir).status).toBe(0);
    const file = path.join(dir, 'mappings/customers.xlsx');
    const workbook = await readWorkbook(file);
    const sheet = workbook.getWorksheet(flow) as ExcelJS.Worksheet;
    sheet.getCell('C7').value = 'splitname';
    sheet.getCell('A3').value = 'warehouse';
    await workbook.xlsx.writeFile(file);
  }

  it('point at their cells when the flow runs from the sheet, and stop the run with exit 2', async () => {
    const { dir, spec } = tempProject();
    await badWorkbook(dir);
    useSheet(spec, 'mappings/customers.xlsx');
    const validate = runCli(['validate'], dir);
    expect(validate.status).toBe(2);
    expect(validate.stderr).toContain(
      'mappings/customers.xlsx!A3: "warehouse" is not the flow\'s source: flow customers-to-erp reads from "crm"',
    );
    // The sheet problem blocks its row; the rest is compiled and the transform found wanting.
    expect(validate.stderr).toContain('mappings/customers.xlsx!C7: unknown transform "splitname"');
    expect(validate.stderr).toContain('did you mean "split-name"?');
    const run = runCli(['run', flow], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('mappings/customers.xlsx!C7: unknown transform "splitname"');
  });

  it('stop an import, which changes nothing, with exit 2', async () => {
    const { dir, spec } = tempProject();
    await badWorkbook(dir);
    const before = readFileSync(spec, 'utf8');
    const result = runCli(['sheet', 'import', 'mappings/customers.xlsx', '--flow', flow], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      'mappings/customers.xlsx!A3: "warehouse" is not the flow\'s source: flow customers-to-erp reads from "crm" (write crm, or leave the cell empty)',
      '1 problem; syncline.yaml was not changed.',
      '',
    ]);
    const fixed = await readWorkbook(path.join(dir, 'mappings/customers.xlsx'));
    (fixed.getWorksheet(flow) as ExcelJS.Worksheet).getCell('A3').value = 'crm';
    await fixed.xlsx.writeFile(path.join(dir, 'mappings/customers.xlsx'));
    const again = runCli(['sheet', 'import', 'mappings/customers.xlsx', '--flow', flow], dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('mappings/customers.xlsx!C7: unknown transform "splitname"');
    expect(readFileSync(spec, 'utf8')).toBe(before);
  });
});

describe('syncline sheet import', () => {
  it('finds the flow whose mapping: names the sheet, and puts fields: in its place', () => {
    const { dir, spec } = tempProject();
    const original = readFileSync(spec, 'utf8');
    expect(
      runCli(['sheet', 'export', flow, '--format', 'csv', '--out', 'mappings/customers.csv'], dir).status,
    ).toBe(0);
    useSheet(spec, 'mappings/customers.csv');
    const result = runCli(['sheet', 'import', 'mappings/customers.csv'], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `imported 9 field mappings from mappings/customers.csv into flow ${flow} of syncline.yaml, replacing mapping:\n`,
    );
    // The quick-start's own fields: come back byte for byte, and so does the rest of the file.
    expect(readFileSync(spec, 'utf8')).toBe(original);
  });

  it('asks for --flow when it cannot tell the flow', () => {
    const { dir } = tempProject();
    expect(runCli(['sheet', 'export', flow, '--out', 'mappings/sheet.csv'], dir).status).toBe(0);
    const result = runCli(['sheet', 'import', 'mappings/sheet.csv'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'which flow is mappings/sheet.csv for? name it with --flow (flows in syncline.yaml: customers-to-erp, invoices-to-finance)',
    );
  });
});
