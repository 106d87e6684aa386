import { readFileSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../core/did-you-mean.js';
import { loadLibrary } from '../mapping/load-library.js';
import type { Locator } from './create-locator.js';
import { deferredTable, isLookupFile, isLookupSystem } from './lookup-kind.js';
import type { LookupFile, LookupTable, Spec } from './schema.js';
import { formatPath, problemAt, type SpecPath, type SpecProblem } from './spec-problem.js';

export interface LoadedLookupTables {
  /** Every table under `lookups:`, the file ones read; what compileMapping takes as `lookups`. */
  readonly tables: Record<string, LookupTable>;
  /** Everything wrong with the file tables, all at once; a table with problems is left out. */
  readonly problems: SpecProblem[];
}

/** Several key columns make one key, their values joined with this (currency@date). */
export const keyJoiner = '@';

/** The CSV parser, loaded with the first lookup file: a project without one never pays for it. */
const csvParse = loadLibrary<typeof import('csv-parse/sync')>('csv-parse/sync');

/**
 * Reads the CSV files behind `lookups:` entries written as `{file, key, value, delimiter?}`,
 * relative to `baseDir` (the spec's directory). A file has a header row; every record gives
 * one entry, key column(s) to value column, as text exactly as written (no trimming, no
 * number conversion: "007" stays "007"). Problems with the spec entry (a missing file, an
 * unknown column) point at the spec with `locate`; problems inside a file (a repeated key,
 * broken CSV) point at the file and its line.
 */
export function loadLookupTables(
  spec: Pick<Spec, 'lookups'>,
  baseDir: string,
  locate?: Locator,
): LoadedLookupTables {
  const tables: Record<string, LookupTable> = {};
  const problems: SpecProblem[] = [];
  for (const [name, entry] of Object.entries(spec.lookups ?? {})) {
    // A table in another system is read when a run starts (engine/load-system-lookups); until
    // then an empty stand-in lets the mapping compile.
    if (isLookupSystem(entry)) {
      tables[name] = deferredTable;
      continue;
    }
    if (!isLookupFile(entry)) {
      tables[name] = entry;
      continue;
    }
    const read = readTable(name, entry, baseDir, locate);
    if (read.table !== undefined) tables[name] = read.table;
    problems.push(...read.problems);
  }
  return { tables, problems };
}

function readTable(
  name: string,
  entry: LookupFile,
  baseDir: string,
  locate: Locator | undefined,
): { table?: LookupTable; problems: SpecProblem[] } {
  const inSpec = (at: SpecPath, code: string, message: string, hint?: string): SpecProblem =>
    locate === undefined
      ? { file: entry.file, line: 1, col: 1, path: formatPath(at), code, message, ...(hint ? { hint } : {}) }
      : problemAt(locate, at, code, message, { hint });
  // Problems inside the file name it as the user would open it: next to the spec.
  const shownFile = locate === undefined ? entry.file : path.join(path.dirname(locate.file), entry.file);
  const inFile = (line: number, code: string, message: string, hint?: string): SpecProblem => ({
    file: shownFile,
    line,
    col: 1,
    path: formatPath(['lookups', name]),
    code,
    message,
    ...(hint ? { hint } : {}),
  });

  let text: string;
  try {
    text = readFileSync(path.resolve(baseDir, entry.file), 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : String(error);
    return {
      problems: [
        inSpec(
          ['lookups', name, 'file'],
          'lookup-file-unreadable',
          `cannot read ${entry.file}: ${reason}`,
          'the path is relative to the spec file',
        ),
      ],
    };
  }

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = csvParse().parse(text, {
      bom: true,
      delimiter: entry.delimiter ?? ',',
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const { CsvError } = csvParse();
    const line =
      error instanceof CsvError
        ? Number((error as InstanceType<typeof CsvError> & { lines?: number }).lines ?? 1)
        : 1;
    const reason = error instanceof Error ? error.message : String(error);
    return {
      problems: [
        inFile(
          line,
          'bad-lookup-file',
          `is not readable CSV: ${reason}`,
          'check quotes and the delimiter: setting',
        ),
      ],
    };
  }
  const [header, ...rows] = records;
  if (header === undefined)
    return { problems: [inFile(1, 'bad-lookup-file', 'is empty; it needs a header row naming its columns')] };

  const columns = header.record;
  const sniffed = columns.length === 1 ? [';', '\t', '|'].find((c) => columns[0]?.includes(c)) : undefined;
  if (sniffed !== undefined && entry.delimiter === undefined) {
    const shown = sniffed === '\t' ? '\\t' : sniffed;
    return {
      problems: [
        inSpec(
          ['lookups', name],
          'lookup-file-delimiter',
          `${entry.file} seems to separate its columns with "${shown}", not ","`,
          `add delimiter: "${shown}"`,
        ),
      ],
    };
  }
  const keyColumns = typeof entry.key === 'string' ? [entry.key] : entry.key;
  const problems: SpecProblem[] = [];
  const indexOf = (column: string, at: SpecPath): number => {
    const index = columns.indexOf(column);
    if (index < 0) {
      const near = didYouMean(column, columns);
      problems.push(
        inSpec(
          at,
          'unknown-lookup-column',
          `${entry.file} has no column "${column}"${near ? ` (did you mean "${near}"?)` : ''}`,
          `its columns: ${columns.join(', ')}`,
        ),
      );
    }
    return index;
  };
  const keyIndexes = keyColumns.map((column, i) =>
    indexOf(column, typeof entry.key === 'string' ? ['lookups', name, 'key'] : ['lookups', name, 'key', i]),
  );
  const valueIndex = indexOf(entry.value, ['lookups', name, 'value']);
  if (problems.length > 0) return { problems };

  const table: Record<string, string> = {};
  const firstLine = new Map<string, number>();
  for (const { record, info } of rows) {
    const key = keyIndexes.map((index) => record[index] ?? '').join(keyJoiner);
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      problems.push(
        inFile(
          info.lines,
          'duplicate-lookup-key',
          `key ${JSON.stringify(key)} is given twice (lines ${earlier} and ${info.lines})`,
          'keep one of the rows',
        ),
      );
      continue;
    }
    firstLine.set(key, info.lines);
    table[key] = record[valueIndex] ?? '';
  }
  return problems.length > 0 ? { problems } : { table, problems };
}
