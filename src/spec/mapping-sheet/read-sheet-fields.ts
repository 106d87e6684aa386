import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { createLocator, type Locator, withMappingSheets } from '../create-locator.js';
import { type FieldSpec, fieldSchema } from '../schema.js';
import type { SpecProblem } from '../spec-problem.js';
import { formatPath } from '../spec-problem.js';
import { validateSpec } from '../validate-spec.js';
import { sheetEndpointOf } from './read-sheet-row.js';
import type { SheetGrid } from './sheet-grid.js';
import { placeInSheet } from './sheet-places.js';
import { sheetToFields } from './sheet-to-fields.js';

export type SheetFieldsResult =
  | {
      readonly ok: true;
      readonly fields: readonly FieldSpec[];
      /** Points the fields' paths at the sheet's cells, for problems found later (compiling). */
      readonly locate: Locator;
    }
  | { readonly ok: false; readonly problems: readonly SpecProblem[] };

/**
 * Reads a sheet's rows as the fields of `flow` in the spec text `source`, checked against the
 * schema the way loadSpec checks them, every problem at its cell. Problems elsewhere in the
 * spec are not this sheet's and are left out.
 */
export function readSheetFields(
  source: string,
  specFile: string,
  flow: string,
  grid: SheetGrid,
  sheetFile: string,
): SheetFieldsResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const raw = doc.toJS() as { flows?: Record<string, Record<string, unknown>>; systems?: unknown };
  const spec = raw.flows?.[flow];
  const sheet = sheetToFields(grid, {
    flow,
    file: sheetFile,
    from: sheetEndpointOf(raw, spec?.from),
    to: sheetEndpointOf(raw, spec?.to),
  });
  const locate = withMappingSheets(
    createLocator(specFile, doc, lineCounter),
    new Map([[flow, (rest: readonly (string | number)[]) => placeInSheet(sheet.places, rest)]]),
  );
  if (sheet.problems.length > 0 || sheet.fields === undefined) return { ok: false, problems: sheet.problems };

  const { mapping: _replaced, ...rest } = spec ?? {};
  const merged = { ...raw, flows: { ...raw.flows, [flow]: { ...rest, fields: sheet.fields } } };
  const validated = validateSpec(merged, locate);
  const prefix = formatPath(['flows', flow, 'fields']);
  const problems = validated.ok ? [] : validated.problems.filter((p) => p.path.startsWith(prefix));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, fields: z.array(fieldSchema).parse(sheet.fields), locate };
}
