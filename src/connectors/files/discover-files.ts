import type ExcelJS from 'exceljs';
import type { DiscoverRequest, OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { TableShape } from '../../core/table-shape.js';
import type { FilesConfig } from './files-config.js';
import { openFilesSource } from './files-source.js';
import { filesSourceOptions, formatOf } from './files-source-options.js';
import { openFileStore } from './open-file-store.js';
import { requireFile } from './require-file.js';
import { xlsxCellValue } from './xlsx-cell-value.js';
import { loadWorkbook } from './xlsx-file-records.js';

const dataFile = /\.(csv|tsv|txt|jsonl|ndjson|xlsx)$/i;

/**
 * A files system has no catalog: each file (CSV, JSON Lines), workbook sheet, or pattern of
 * files is read — a sample of rows (discovery decides how many), through the same readers as a flow — and
 * discovery infers the columns from the values. Without names, every data file in the folder
 * is described; a workbook gives one table per sheet (the first named after the file, the
 * others `book.xlsx#Sheet`, each from its first row of distinct names); a name with * or ? describes the files it matches as one table.
 */
export async function discoverFiles(
  context: OpenContext<FilesConfig>,
  request: DiscoverRequest,
): Promise<readonly TableShape[]> {
  const names = request.tables.length > 0 ? request.tables : await dataFiles(context);
  const shapes: TableShape[] = [];
  for (const name of names) {
    for (const table of await tablesOf(context, name))
      shapes.push(await describe(context, request, table.name, table.options));
  }
  return shapes;
}

async function dataFiles(context: OpenContext<FilesConfig>): Promise<readonly string[]> {
  const store = await openFileStore(context);
  try {
    const entries = (await store.list(store.root)) ?? [];
    return entries
      .filter((entry) => entry.isFile && !entry.name.startsWith('.') && dataFile.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } finally {
    await store.close();
  }
}

interface NamedTable {
  readonly name: string;
  readonly options: Record<string, unknown>;
}

/** The tables one requested name stands for: a pattern, a file, a sheet or a workbook's sheets. */
async function tablesOf(context: OpenContext<FilesConfig>, name: string): Promise<readonly NamedTable[]> {
  if (/[*?]/.test(name)) return [{ name, options: { pattern: name, settle: 0 } }];
  const hash = name.lastIndexOf('#');
  const isSheet = hash > 0 && formatOf({ file: name.slice(0, hash) }) === 'xlsx';
  const file = isSheet ? name.slice(0, hash) : name;
  if (formatOf({ file }) !== 'xlsx') return [{ name, options: { file } }];
  const store = await openFileStore(context);
  try {
    await requireFile(store, file, context.system);
    const opened = await store.open(store.resolve(file), file);
    try {
      const sheets = (await loadWorkbook(opened, file)).worksheets;
      const chosen = isSheet ? sheets.filter((sheet) => sheet.name === name.slice(hash + 1)) : sheets;
      // A sheet that is not there is reported by the reader, with the sheets there are.
      if (chosen.length === 0) return [{ name, options: { file, sheet: name.slice(hash + 1) } }];
      return chosen.map((sheet) => ({
        name: isSheet ? name : sheet === sheets[0] ? file : `${file}#${sheet.name}`,
        options: { file, sheet: sheet.name, headerRow: headerRowOf(sheet) },
      }));
    } finally {
      await opened.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * The header of a sheet laid out by hand (a title, a blank line, then the header): the first of
 * its top rows whose every cell holds a different name. Row 1 when none does.
 */
function headerRowOf(sheet: ExcelJS.Worksheet): number {
  for (let r = 1; r <= Math.min(sheet.rowCount, 20); r++) {
    const row = sheet.getRow(r);
    const names = Array.from({ length: sheet.columnCount }, (_, i) => xlsxCellValue(row.getCell(i + 1)));
    const texts = names.map((value) => (typeof value === 'string' ? value.trim() : ''));
    if (texts.length > 0 && texts.every((text) => text !== '') && new Set(texts).size === texts.length)
      return r;
  }
  return 1;
}

async function describe(
  context: OpenContext<FilesConfig>,
  request: DiscoverRequest,
  name: string,
  raw: Record<string, unknown>,
): Promise<TableShape> {
  const parsed = filesSourceOptions.safeParse(raw);
  if (!parsed.success)
    throw new IntegrationError(
      `System "${context.system}": cannot read "${name}": ${parsed.error.issues[0]?.message}`,
      {
        kind: 'config',
        code: 'discover-target-invalid',
        hint: 'name a file, a pattern (in/*.csv) or book.xlsx#Sheet',
      },
    );
  const source = await openFilesSource(context, { options: parsed.data, key: [], batchSize: 1000 });
  try {
    const inferred = await request.inferColumns(source.read(undefined, AbortSignal.timeout(600_000)));
    return {
      name,
      kind: 'file',
      columns: inferred.columns,
      primaryKey: [],
      ...(inferred.complete ? { rows: inferred.rows } : {}),
      sampled: inferred.rows,
    };
  } finally {
    await source.close();
  }
}
