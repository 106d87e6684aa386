import path from 'node:path';
import type { Locator } from './create-locator.js';
import { quote } from './describe-value.js';
import { sheetFormatHint, sheetFormatOf } from './mapping-sheet/sheet-format.js';
import { problemAt, type SpecProblem } from './spec-problem.js';

/**
 * Checks that every flow's `mapping:` sheet exists and is a format syncline reads (CSV or
 * XLSX); paths are relative to the spec's folder. Its cells are checked when it is read.
 */
export function checkMappingFiles(
  raw: unknown,
  baseDir: string,
  fileExists: (file: string) => boolean,
  locate: Locator,
): SpecProblem[] {
  const flows = (raw as { flows?: unknown } | null)?.flows;
  if (typeof flows !== 'object' || flows === null) return [];
  return Object.entries(flows).flatMap(([name, flow]) => {
    const mapping = (flow as { mapping?: unknown } | null)?.mapping;
    if (typeof mapping !== 'string' || mapping === '') return [];
    const at = ['flows', name, 'mapping'];
    if (sheetFormatOf(mapping) === undefined) {
      return [
        problemAt(
          locate,
          at,
          'mapping-format',
          `the mapping sheet ${quote(mapping)} is neither .csv nor .xlsx`,
          { hint: sheetFormatHint },
        ),
      ];
    }
    const file = path.resolve(baseDir, mapping);
    if (fileExists(file)) return [];
    return [
      problemAt(locate, at, 'mapping-not-found', `the mapping sheet ${quote(mapping)} does not exist`, {
        hint: `looked for ${file}; paths are relative to the spec's folder`,
      }),
    ];
  });
}
