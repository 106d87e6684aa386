import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module shared with the demo
import { prepareExample } from '../../examples/prepare-example.mjs';
import { loadSpec } from '../../src/spec/load-spec.js';
import { formatSpecProblem } from '../../src/spec/spec-problem.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * The quick-start's customers-to-erp flow, with its fields: replaced by a mapping sheet a person
 * wrote (test/fixtures/sheets/customers.csv and .xlsx: their own column order and capitals, an
 * Owner column, a title above the header, semicolons and CRLF in the CSV), must fill the ERP
 * exactly as the YAML mapping does.
 */
const example = path.resolve('examples/quick-start');
const flow = 'customers-to-erp';
const temps: { remove(): void }[] = [];
afterAll(() => {
  for (const temp of temps) temp.remove();
});

/** A copy of the quick-start whose customers-to-erp flow runs from `sheet`. */
function quickStartWithSheet(sheet: string): { dir: string; spec: string } {
  const temp = makeTempDir('hand-written-sheet');
  temps.push(temp);
  cpSync(example, temp.dir, {
    recursive: true,
    filter: (from) => !/[/\\](work|\.syncline|expected)([/\\]|$)/.test(path.relative(example, from) || '.'),
  });
  prepareExample(temp.dir);
  mkdirSync(path.join(temp.dir, 'mappings'));
  const relative = `mappings/${path.basename(sheet)}`;
  copyFileSync(sheet, path.join(temp.dir, relative));
  const spec = path.join(temp.dir, 'syncline.yaml');
  const lines = readFileSync(spec, 'utf8').split('\n');
  const flowLine = lines.indexOf(`  ${flow}:`);
  const start = lines.indexOf('    fields:', flowLine);
  let end = start + 1;
  while (/^ {6}/.test(lines[end] ?? '')) end++;
  lines.splice(start, end - start, `    mapping: ${relative}`);
  writeFileSync(spec, lines.join('\n'));
  return { dir: temp.dir, spec };
}

function dumpTable(file: string, table: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const columns = (
      db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]
    ).map((c) => c.name);
    const order = columns.map((_, i) => i + 1).join(', ');
    const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY ${order}`).raw().all() as unknown[][];
    return stringify([columns, ...rows]);
  } finally {
    db.close();
  }
}

// customers-libreoffice.xlsx was saved by LibreOffice Calc 7.4 (Debian's libreoffice-calc, from
// customers.csv: `soffice --headless --infilter=CSV:59,34,76,1 --convert-to xlsx`); customers.xlsx
// was written with exceljs (make-customers-xlsx.mjs) with a title row and widths as a person would.
describe.each(['customers.xlsx', 'customers-libreoffice.xlsx', 'customers.csv'])(
  'the hand-written sheet %s',
  (name) => {
    const sheet = path.resolve('test/fixtures/sheets', name);

    it('maps the same fields as the YAML it stands for', async () => {
      const yaml = await loadSpec(path.join(example, 'syncline.yaml'));
      const { spec } = quickStartWithSheet(sheet);
      const fromSheet = await loadSpec(spec);
      if (!yaml.ok || !fromSheet.ok) {
        throw new Error(
          [yaml, fromSheet].flatMap((r) => (r.ok ? [] : r.problems.map(formatSpecProblem))).join('\n'),
        );
      }
      const running = ({ from, value, to, transform, validate }: Record<string, unknown>) => ({
        from,
        value,
        to,
        transform,
        validate,
      });
      const sheetFields = fromSheet.spec.flows?.[flow]?.fields ?? [];
      expect(sheetFields.map(running)).toEqual(yaml.spec.flows?.[flow]?.fields?.map(running));
      expect(sheetFields[0]?.extra?.Owner).toBe('Finance IT');
    });

    it('runs the flow unchanged and fills the ERP exactly as expected', () => {
      const { dir, spec } = quickStartWithSheet(sheet);
      const result = runCli(['run', flow, '--spec', spec]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(dumpTable(path.join(dir, 'work/erp.db'), 'clients')).toBe(
        readFileSync(path.join(example, 'expected/erp/clients.csv'), 'utf8'),
      );
    });
  },
);
