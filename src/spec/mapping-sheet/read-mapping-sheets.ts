import { existsSync } from 'node:fs';
import { mappingSheetFlows } from './mapping-sheet-flows.js';
import { type ReadSheetResult, readSheetFile } from './read-sheet-file.js';

/**
 * Reads the sheet of every flow that runs from one, by flow name. Sheets that do not exist are
 * left out: checkMappingFiles reports them at the spec's `mapping:` line.
 */
export async function readMappingSheets(
  raw: unknown,
  specFile: string,
  fileExists: (file: string) => boolean = existsSync,
): Promise<Map<string, ReadSheetResult>> {
  const flows = mappingSheetFlows(raw, specFile).filter((sheet) => fileExists(sheet.path));
  const read = await Promise.all(
    flows.map(async (sheet) => [sheet.flow, await readSheetFile(sheet.path, sheet.flow)] as const),
  );
  return new Map(read);
}
