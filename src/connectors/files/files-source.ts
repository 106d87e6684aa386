import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { csvRecords, malformed } from './csv-records.js';
import { csvFormat, csvFormatOverrides, type FilesConfig } from './files-config.js';
import { resolveFilePath } from './resolve-file-path.js';

export const filesSourceOptions = z.strictObject({
  file: z.string().min(1).describe("CSV file to read, relative to the system's dir."),
  ...csvFormatOverrides,
  columns: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Column names when the file has no header row (then header defaults to false).'),
  skipEmptyLines: z.boolean().default(true).describe('Ignore blank lines (default true).'),
  bom: z.boolean().default(true).describe('Strip a byte-order mark at the start of the file (default true).'),
  follow: z
    .boolean()
    .default(false)
    .describe('Append-only file (a log): each run continues after the records already read.'),
});
export type FilesSourceOptions = z.infer<typeof filesSourceOptions>;

/**
 * Reads a CSV file in batches of rows whose values are all strings (an empty field is '').
 * The checkpoint counts the data records consumed; resuming re-reads the file and skips
 * that many, which is simple and right for files whose earlier records do not change.
 */
export async function openFilesSource(
  context: OpenContext<FilesConfig>,
  request: SourceOpenOptions<FilesSourceOptions>,
): Promise<Source> {
  const { options } = request;
  const { path } = resolveFilePath(context, options.file);
  requireFile(path, options.file, context.system);
  // Naming the columns implies the file has no header row, unless header: true says otherwise.
  const format = csvFormat(
    context.config,
    options,
    options.header ?? (options.columns ? false : context.config.header),
  );
  if (!format.header && options.columns === undefined) {
    throw new IntegrationError(
      `System "${context.system}": file "${options.file}" has no header row and no columns:`,
      {
        kind: 'config',
        code: 'csv-columns-required',
        hint: "List the column names in the flow's from: block (columns: [id, name, ...]), or set header: true.",
      },
    );
  }
  const label = options.file;

  async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
    const skip = recordsToSkip(from, options.file, context.system);
    if (signal.aborted) throw signal.reason;
    let names: readonly string[] | undefined = format.header ? undefined : options.columns;
    let consumed = 0;
    let rows: Row[] = [];
    const records = csvRecords(path, format, {
      skipEmptyLines: options.skipEmptyLines,
      bom: options.bom,
      label,
    });
    for await (const { fields, line } of records) {
      if (names === undefined) {
        const header = headerNames(fields, label, line);
        if (options.columns && options.columns.length !== header.length) {
          throw malformed(
            label,
            line,
            `header has ${header.length} fields, columns: lists ${options.columns.length}`,
          );
        }
        names = options.columns ?? header;
        continue;
      }
      if (fields.length !== names.length) {
        throw malformed(
          label,
          line,
          `expected ${names.length} fields (${names.join(', ')}), got ${fields.length}`,
        );
      }
      consumed++;
      if (consumed <= skip) continue;
      rows.push(toRow(names, fields));
      if (rows.length >= request.batchSize) {
        yield { rows, checkpoint: { file: options.file, line: consumed } };
        rows = [];
        // Stop between batches only, so a batch is handed over whole or not at all.
        if (signal.aborted) throw signal.reason;
      }
    }
    if (rows.length > 0) yield { rows, checkpoint: { file: options.file, line: consumed } };
    if (consumed < skip) {
      throw new IntegrationError(
        `File ${label} has ${consumed} records, fewer than the ${skip} already read: it was truncated or replaced`,
        {
          kind: 'fatal',
          code: 'file-truncated',
          stage: 'read',
          hint: "If the file was replaced on purpose, reset the flow's checkpoint to read it from the start.",
        },
      );
    }
  }

  return {
    incremental: options.follow,
    read,
    async close() {},
  };
}

function requireFile(path: string, file: string, system: string): void {
  if (existsSync(path) && statSync(path).isFile()) return;
  const folder = dirname(path);
  const siblings = existsSync(folder) ? readdirSync(folder) : [];
  const suggestion = didYouMean(basename(path), siblings);
  throw new IntegrationError(
    `System "${system}": file ${path} does not exist${suggestion ? ` — did you mean "${suggestion}"?` : ''}`,
    {
      kind: 'config',
      code: 'file-not-found',
      stage: 'read',
      hint: `Check file: "${file}" and connection.dir of system "${system}" (relative to the spec file's folder).`,
    },
  );
}

function headerNames(fields: readonly string[], label: string, line: number): readonly string[] {
  const seen = new Set<string>();
  for (const [index, name] of fields.entries()) {
    if (name.trim() === '') throw malformed(label, line, `header field ${index + 1} is empty`);
    if (seen.has(name)) throw malformed(label, line, `header names column "${name}" twice`);
    seen.add(name);
  }
  return fields;
}

function toRow(names: readonly string[], fields: readonly string[]): Row {
  // fromEntries defines own properties, so a column named "__proto__" stays a column.
  return Object.fromEntries(names.map((name, i) => [name, fields[i]]));
}

function recordsToSkip(from: Checkpoint | undefined, file: string, system: string): number {
  if (from === undefined || from === null) return 0;
  const position = from as { file?: unknown; line?: unknown };
  if (typeof position !== 'object' || typeof position.line !== 'number' || !Number.isInteger(position.line)) {
    throw new IntegrationError(`System "${system}": the saved checkpoint is not a files position`, {
      kind: 'config',
      code: 'checkpoint-mismatch',
      stage: 'read',
      hint: "The flow's from: block changed since the checkpoint was saved; reset the flow's checkpoint.",
    });
  }
  // A checkpoint for another file says nothing about this one: read it from the start.
  return position.file === file ? position.line : 0;
}
