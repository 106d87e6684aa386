import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type LoadResult, loadSpec, parseSpec } from './load-spec.js';
import { formatSpecProblem } from './spec-problem.js';

const sheets = path.join(import.meta.dirname, '../../test/fixtures/sheets');

/** A project folder with a spec whose flow `f` reads `mapping`, and the given files beside it. */
function project(mapping: string, files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'syncline-sheet-spec-'));
  mkdirSync(path.join(dir, 'mappings'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  const spec = path.join(dir, 'syncline.yaml');
  writeFileSync(
    spec,
    [
      'version: 1',
      'project: { name: p }',
      'systems:',
      '  crm: { kind: sqlite, title: Sales CRM }',
      '  erp: { kind: sqlite }',
      'flows:',
      '  f:',
      '    from: { system: crm, table: customers }',
      '    to: { system: erp, table: clients }',
      `    mapping: ${mapping}`,
    ].join('\n'),
  );
  return spec;
}

function problems(result: LoadResult): string[] {
  if (result.ok) throw new Error('expected problems, the spec loaded');
  return result.problems.map(formatSpecProblem);
}

describe('loadSpec with mapping sheets', () => {
  it.each(['customers.csv', 'customers.xlsx'])(
    'fills a flow’s fields from %s and locates them in cells',
    async (name) => {
      const spec = project(`mappings/${name}`);
      copyFileSync(path.join(sheets, name), path.join(path.dirname(spec), 'mappings', name));
      const result = await loadSpec(spec);
      if (!result.ok) throw new Error(result.problems.map(formatSpecProblem).join('\n'));
      const fields = result.spec.flows?.f?.fields;
      expect(fields).toHaveLength(9);
      expect(fields?.[2]).toMatchObject({
        from: 'full_name',
        to: ['first_name', 'last_name'],
        transform: 'split-name',
      });
      expect(fields?.[6]).toMatchObject({
        from: 'email',
        transform: 'trim | lower',
        validate: ['required', 'email'],
      });
      const split = result.locate(['flows', 'f', 'fields', 2, 'transform']);
      const sheetFile = path.join(path.dirname(spec), 'mappings', name);
      // The CSV puts the transformation in column D; the workbook has its header on row 3.
      expect(split).toEqual(
        name.endsWith('.csv')
          ? { file: sheetFile, line: 4, col: 4, cell: 'D4' }
          : { file: sheetFile, line: 6, col: 3, cell: 'C6' },
      );
      expect(result.locate(['flows', 'f', 'to', 'system'])).toEqual({ line: 9, col: 19 });
    },
  );

  it('reports schema problems of sheet rows at their cells, with the spec’s other problems', async () => {
    const csv = [
      'source field,transformation,target field,on invalid',
      'id,,client_no,',
      'email,trim,email,deadletter',
    ].join('\n');
    const spec = project('mappings/f.csv', { 'mappings/f.csv': csv });
    const file = path.join(path.dirname(spec), 'mappings/f.csv');
    const found = problems(await loadSpec(spec));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(`^${file.replaceAll('\\', '\\\\')}!D3: expected one of "dead-letter"`),
    );
  });

  it('names a sheet relative to the spec the way the user named the spec', async () => {
    const spec = project('mappings/f.csv', { 'mappings/f.csv': 'source field,target field\nid,\n' });
    const relative = path.relative(process.cwd(), spec);
    const found = problems(await loadSpec(relative));
    expect(found).toEqual([
      `${path.join(path.dirname(relative), 'mappings/f.csv')}!B2: the target field is empty (write the field this row fills in (several, for split-name, separated by commas))`,
    ]);
  });

  it('reports a sheet it cannot read, or of another format, at the spec’s mapping: line', async () => {
    const broken = project('mappings/f.xlsx', { 'mappings/f.xlsx': 'not a zip' });
    expect(problems(await loadSpec(broken))[0]).toMatch(
      /syncline\.yaml:10:14 flows\.f\.mapping: the mapping sheet "mappings\/f\.xlsx" cannot be read: it is not an Excel workbook/,
    );
    const latin1 = project('mappings/f.csv', { 'mappings/f.csv': new Uint8Array([0x61, 0x2c, 0xe9, 0x0a]) });
    expect(problems(await loadSpec(latin1))[0]).toContain('cannot be read: it is not UTF-8 text');
    const ods = project('mappings/f.ods', { 'mappings/f.ods': '' });
    expect(problems(await loadSpec(ods))[0]).toContain(
      'mapping sheet "mappings/f.ods" is neither .csv nor .xlsx',
    );
  });

  it('reads the worksheet named like the flow, and constants typed as formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Read me').getCell('A1').value = 'see the next sheet';
    const sheet = workbook.addWorksheet('F');
    sheet.addRow(['source field', 'target field']);
    sheet.addRow([{ formula: '"USD"', result: 'USD' }, 'currency']);
    sheet.addRow([{ formula: '42', result: 42 }, 'count']);
    sheet.addRow([{ formula: 'UPPER("x")', result: 'X' }, 'computed']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const spec = project('mappings/f.xlsx', { 'mappings/f.xlsx': data });
    const result = await loadSpec(spec);
    if (!result.ok) throw new Error(result.problems.map(formatSpecProblem).join('\n'));
    expect(result.spec.flows?.f?.fields).toEqual([
      { value: 'USD', to: 'currency' },
      { value: 42, to: 'count' },
      { from: 'X', to: 'computed' },
    ]);
  });

  it('parseSpec without the sheets says so rather than copying fields by name', () => {
    const spec = project('mappings/f.csv', { 'mappings/f.csv': 'source field,target field\nid,id\n' });
    const text = `${['version: 1', 'project: { name: p }', 'systems: { a: { kind: files } }'].join('\n')}\nflows:\n  f: { from: { system: a }, to: { system: a }, mapping: mappings/f.csv }\n`;
    expect(problems(parseSpec(text, spec))).toEqual([
      `${spec}:5:57 flows.f.mapping: the mapping sheet "mappings/f.csv" was not read (load the spec with loadSpec, which reads mapping sheets)`,
    ]);
  });
});
