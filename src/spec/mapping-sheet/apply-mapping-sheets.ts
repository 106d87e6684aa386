import type { Locator, Position } from '../create-locator.js';
import { quote } from '../describe-value.js';
import { problemAt, type SpecProblem } from '../spec-problem.js';
import { mappingSheetFlows } from './mapping-sheet-flows.js';
import type { ReadSheetResult } from './read-sheet-file.js';
import { sheetEndpointOf } from './read-sheet-row.js';
import { placeInSheet } from './sheet-places.js';
import { sheetToFields } from './sheet-to-fields.js';

export interface AppliedSheets {
  /** The parsed spec with each sheet's rows as its flow's `fields`. */
  readonly raw: unknown;
  /** For each flow run from a sheet, where its fields are: `fields[i].key` -> a cell. */
  readonly places: ReadonlyMap<string, (rest: readonly (string | number)[]) => Position>;
  readonly problems: readonly SpecProblem[];
}

/**
 * Puts the rows of each flow's mapping sheet into the parsed spec as its `fields`, so that the
 * schema, the mapping compiler and the engine see them like fields written in YAML, while
 * every problem in them points at the sheet's cells. `sheets` are the ones readMappingSheets
 * read; a flow whose sheet exists but was not read is a problem rather than a flow that
 * silently copies fields by name.
 */
export function applyMappingSheets(
  raw: unknown,
  specFile: string,
  sheets: ReadonlyMap<string, ReadSheetResult>,
  locate: Locator,
  fileExists: (file: string) => boolean,
): AppliedSheets {
  const problems: SpecProblem[] = [];
  const places = new Map<string, (rest: readonly (string | number)[]) => Position>();
  const flows = { ...((raw as { flows?: Record<string, unknown> }).flows ?? {}) };
  for (const sheet of mappingSheetFlows(raw, specFile)) {
    const at = ['flows', sheet.flow, 'mapping'];
    const read = sheets.get(sheet.flow);
    if (read === undefined) {
      if (fileExists(sheet.path)) {
        problems.push(
          problemAt(
            locate,
            at,
            'mapping-not-read',
            `the mapping sheet ${quote(sheet.mapping)} was not read`,
            {
              hint: 'load the spec with loadSpec, which reads mapping sheets',
            },
          ),
        );
      }
      continue;
    }
    if (!read.ok) {
      problems.push(
        problemAt(
          locate,
          at,
          'mapping-unreadable',
          `the mapping sheet ${quote(sheet.mapping)} cannot be read: ${read.reason}`,
          { hint: read.hint },
        ),
      );
      continue;
    }
    const flow = flows[sheet.flow] as Record<string, unknown>;
    const result = sheetToFields(read.grid, {
      flow: sheet.flow,
      file: sheet.file,
      from: sheetEndpointOf(raw, flow.from),
      to: sheetEndpointOf(raw, flow.to),
    });
    problems.push(...result.problems);
    places.set(sheet.flow, (rest) => placeInSheet(result.places, rest));
    if (result.fields !== undefined) flows[sheet.flow] = { ...flow, fields: result.fields };
  }
  const merged = places.size === 0 ? raw : { ...(raw as Record<string, unknown>), flows };
  return { raw: merged, places, problems };
}
