import { rules } from '../mapping/rule-registry.js';
import { transforms } from '../mapping/transform-registry.js';
import type { Locator } from '../spec/create-locator.js';
import { describeSteps } from '../spec/mapping-sheet/describe-steps.js';
import { fieldsToSheet } from '../spec/mapping-sheet/fields-to-sheet.js';
import { writeXlsxSheet } from '../spec/mapping-sheet/write-xlsx-sheet.js';
import type { FlowSpec } from '../spec/schema.js';
import type { SpecProblem } from '../spec/spec-problem.js';

/**
 * A flow's field mappings as an XLSX mapping sheet, with the transform and rule library on
 * their own worksheets (`syncline sheet export`, the dashboard's download).
 */
export async function mappingSheetXlsx(
  name: string,
  spec: FlowSpec,
  locate: Locator,
): Promise<{ ok: true; data: Uint8Array; rows: number } | { ok: false; problems: SpecProblem[] }> {
  const sheet = fieldsToSheet({ name, ...spec }, locate);
  if (!sheet.ok) return sheet;
  const keys = spec.to.key === undefined ? [] : [spec.to.key].flat();
  const targetFields = [...new Set([...(spec.fields ?? []).flatMap((f) => [f.to].flat()), ...keys])];
  const data = await writeXlsxSheet(sheet.sheet, {
    flow: name,
    transforms: describeSteps(transforms),
    rules: describeSteps(rules),
    targetFields,
  });
  return { ok: true, data, rows: sheet.sheet.rows.length };
}
