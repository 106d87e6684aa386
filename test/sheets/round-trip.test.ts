import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { rules } from '../../src/mapping/rule-registry.js';
import { transforms } from '../../src/mapping/transform-registry.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { describeSteps } from '../../src/spec/mapping-sheet/describe-steps.js';
import { fieldsToSheet } from '../../src/spec/mapping-sheet/fields-to-sheet.js';
import { readCsvGrid } from '../../src/spec/mapping-sheet/read-csv-grid.js';
import { readXlsxGrid } from '../../src/spec/mapping-sheet/read-xlsx-grid.js';
import type { SheetGrid } from '../../src/spec/mapping-sheet/sheet-grid.js';
import { sheetToFields } from '../../src/spec/mapping-sheet/sheet-to-fields.js';
import { writeCsvSheet } from '../../src/spec/mapping-sheet/write-csv-sheet.js';
import { writeXlsxSheet } from '../../src/spec/mapping-sheet/write-xlsx-sheet.js';
import { type FieldSpec, fieldSchema } from '../../src/spec/schema.js';
import { formatSpecProblem } from '../../src/spec/spec-problem.js';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/temp-dir.js';

/**
 * YAML -> sheet -> YAML must give back exactly the fields it started from, for a flow that uses
 * every feature of a field mapping (see test/fixtures/sheets/rich.yaml), through the library,
 * through loadSpec running a flow from the sheet, and through the CLI.
 */
const richSpec = path.resolve('test/fixtures/sheets/rich.yaml');
const flow = 'customers-to-erp';
const temps: { remove(): void }[] = [];
afterAll(() => {
  for (const temp of temps) temp.remove();
});

async function richFlow() {
  const loaded = await loadSpec(richSpec);
  if (!loaded.ok) throw new Error(loaded.problems.map(formatSpecProblem).join('\n'));
  const spec = loaded.spec.flows?.[flow];
  if (!spec?.fields) throw new Error('the rich flow has no fields');
  return { loaded, spec, fields: spec.fields };
}

function fieldsOf(grid: SheetGrid): FieldSpec[] {
  const read = sheetToFields(grid, { flow, file: 'sheet', from: { system: 'crm' }, to: { system: 'erp' } });
  expect(read.problems.map(formatSpecProblem)).toEqual([]);
  return z.array(fieldSchema).parse(read.fields);
}

describe('the mapping sheet round trip', () => {
  it('YAML -> CSV -> YAML gives identical fields', async () => {
    const { loaded, spec, fields } = await richFlow();
    const rows = fieldsToSheet({ name: flow, ...spec }, loaded.locate);
    if (!rows.ok) throw new Error(rows.problems.map(formatSpecProblem).join('\n'));
    expect(rows.sheet.header).toEqual([
      'source system',
      'source field',
      'transformation',
      'target system',
      'target field',
      'validation',
      'on invalid',
      'default',
      'notes',
      'owner',
      'status',
    ]);
    const csv = writeCsvSheet(rows.sheet);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(fieldsOf(readCsvGrid(csv))).toStrictEqual(fields);
  });

  it('YAML -> XLSX -> YAML gives identical fields', async () => {
    const { loaded, spec, fields } = await richFlow();
    const rows = fieldsToSheet({ name: flow, ...spec }, loaded.locate);
    if (!rows.ok) throw new Error(rows.problems.map(formatSpecProblem).join('\n'));
    const data = await writeXlsxSheet(rows.sheet, {
      flow,
      transforms: describeSteps(transforms),
      rules: describeSteps(rules),
      targetFields: ['client_no'],
    });
    const grid = await readXlsxGrid(data, flow);
    expect(grid.sheetName).toBe(flow);
    expect(fieldsOf(grid)).toStrictEqual(fields);
  });

  it.each(['xlsx', 'csv'])(
    'a flow run from the exported %s sheet loads the identical fields',
    async (format) => {
      const { fields } = await richFlow();
      const temp = makeTempDir('sheet-round-trip');
      temps.push(temp);
      const spec = path.join(temp.dir, 'syncline.yaml');
      copyFileSync(richSpec, spec);
      const sheet = `customers.${format}`;
      const exported = runCli(
        ['sheet', 'export', flow, '--spec', spec, '--format', format, '--out', sheet],
        temp.dir,
      );
      expect(exported.stderr).toBe('');
      expect(exported.status).toBe(0);
      expect(exported.stdout).toContain(
        `wrote the ${fields.length} field mappings of flow ${flow} to ${sheet}`,
      );

      const text = readFileSync(spec, 'utf8');
      const start = text.indexOf('    fields:\n');
      writeFileSync(spec, `${text.slice(0, start)}    mapping: ${sheet}\n`);
      const loaded = await loadSpec(spec);
      if (!loaded.ok) throw new Error(loaded.problems.map(formatSpecProblem).join('\n'));
      expect(loaded.spec.flows?.[flow]?.fields).toStrictEqual(fields);
    },
  );

  it.each(['xlsx', 'csv'])(
    'syncline sheet export, then import, writes the identical fields back (%s)',
    (format) => {
      const temp = makeTempDir('sheet-cli-round-trip');
      temps.push(temp);
      const spec = path.join(temp.dir, 'syncline.yaml');
      copyFileSync(richSpec, spec);
      const original = readFileSync(spec, 'utf8');
      const sheet = path.join(temp.dir, `sheet.${format}`);
      expect(runCli(['sheet', 'export', flow, '--spec', spec, '--out', sheet]).status).toBe(0);

      const imported = runCli(['sheet', 'import', sheet, '--flow', flow, '--spec', spec]);
      expect(imported.stderr).toBe('');
      expect(imported.status).toBe(0);
      expect(imported.stdout).toContain(`imported 15 field mappings from ${sheet} into flow ${flow}`);
      const after = readFileSync(spec, 'utf8');
      const fieldsOfText = (text: string) =>
        (parse(text) as { flows: Record<string, { fields: unknown }> }).flows[flow]?.fields;
      expect(fieldsOfText(after)).toStrictEqual(fieldsOfText(original));
      // Everything before the fields, comments included, is untouched.
      const head = original.slice(0, original.indexOf('    fields:'));
      expect(after.startsWith(head)).toBe(true);
    },
  );
});
