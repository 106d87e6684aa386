import path from 'node:path';
import { sheetFormatOf } from './sheet-format.js';

/** A flow whose fields come from a sheet it names with `mapping:`. */
export interface MappingSheetFlow {
  readonly flow: string;
  /** As written in the spec, relative to the spec's folder. */
  readonly mapping: string;
  /** Resolved against the spec's folder, to read. */
  readonly path: string;
  /** As messages name it: relative to the spec the way the user named the spec. */
  readonly file: string;
}

/**
 * The flows of a parsed (not yet validated) spec that run from a sheet: `mapping:` names a
 * .csv or .xlsx file and there is no `fields:` beside it (having both is reported elsewhere).
 */
export function mappingSheetFlows(raw: unknown, specFile: string): MappingSheetFlow[] {
  const flows = (raw as { flows?: unknown } | null)?.flows;
  if (typeof flows !== 'object' || flows === null) return [];
  const specDir = path.dirname(specFile);
  return Object.entries(flows).flatMap(([flow, value]) => {
    const spec = value as { mapping?: unknown; fields?: unknown } | null;
    const mapping = spec?.mapping;
    if (typeof mapping !== 'string' || mapping === '' || spec?.fields !== undefined) return [];
    if (sheetFormatOf(mapping) === undefined) return [];
    const file = path.isAbsolute(mapping) ? mapping : path.join(specDir, mapping);
    return [{ flow, mapping, path: path.resolve(file), file }];
  });
}
