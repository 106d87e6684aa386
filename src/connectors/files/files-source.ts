import { existsSync, readdirSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Checkpoint, Row } from '../../core/row.js';
import { csvRecords, malformed } from './csv-records.js';
import { fileIdentity } from './file-identity.js';
import { fileCheckpoint, type ReadEnd, resumePoint } from './files-checkpoint.js';
import { csvFormat, csvFormatOverrides, type FilesConfig, isUtf8 } from './files-config.js';
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
 * The checkpoint names the file (path, device, inode) and counts the data records consumed;
 * for UTF-8 it also holds the byte offset after them, so a resume (a followed log, an
 * interrupted run) seeks there. Other encodings resume by re-reading and skipping that many
 * records, which is right for files whose earlier records do not change.
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
  const csvOptions = { skipEmptyLines: options.skipEmptyLines, bom: options.bom, label };

  /** Column names from the header record; `columns:` renames them when both are given. */
  const namesFrom = (fields: readonly string[], line: number): readonly string[] => {
    const header = headerNames(fields, label, line);
    if (options.columns && options.columns.length !== header.length) {
      throw malformed(
        label,
        line,
        `header has ${header.length} fields, columns: lists ${options.columns.length}`,
      );
    }
    return options.columns ?? header;
  };

  async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
    // One handle for the whole read: the identity checked is that of the file actually read.
    const handle = await openForReading(path, label);
    try {
      const stats = await handle.stat();
      const identity = fileIdentity(path, stats);
      const resume = resumePoint(from, {
        system: context.system,
        label,
        current: identity,
        size: stats.size,
        canSeek: isUtf8(format.encoding),
      });
      if (signal.aborted) throw signal.reason;
      let names: readonly string[] | undefined = format.header ? undefined : options.columns;
      let records = csvRecords(handle, format, csvOptions);
      let consumed = 0;
      let skip = resume.records;
      if (resume.kind === 'seek') {
        // The header (if any) from the top, then the records from the saved offset.
        if (names === undefined) {
          for await (const header of csvRecords(handle, format, { ...csvOptions, maxRecords: 1 }))
            names = namesFrom(header.fields, header.line);
        }
        records = csvRecords(handle, format, {
          ...csvOptions,
          start: resume.bytes,
          linesBefore: resume.linesBefore,
        });
        consumed = resume.records;
        skip = 0;
      }
      let rows: Row[] = [];
      let end: ReadEnd = { line: consumed, bytes: undefined, endLine: 0 };
      for await (const { fields, line, bytes } of records) {
        if (names === undefined) {
          names = namesFrom(fields, line);
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
        end = { line: consumed, bytes, endLine: line };
        if (rows.length >= request.batchSize) {
          yield { rows, checkpoint: fileCheckpoint(identity, end) };
          rows = [];
          // Stop between batches only, so a batch is handed over whole or not at all.
          if (signal.aborted) throw signal.reason;
        }
      }
      if (rows.length > 0) yield { rows, checkpoint: fileCheckpoint(identity, end) };
      if (consumed < skip) {
        throw new IntegrationError(
          `File ${label} has ${consumed} records, fewer than the ${skip} already read: it was truncated or replaced`,
          {
            kind: 'fatal',
            code: 'file-truncated',
            stage: 'read',
            hint: 'If the file was replaced on purpose, run `syncline reset FLOW` to read it from the start.',
          },
        );
      }
    } finally {
      await handle.close();
    }
  }

  return {
    incremental: options.follow,
    read,
    async close() {},
  };
}

async function openForReading(path: string, label: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new IntegrationError(`File ${label} disappeared before it could be read`, {
      kind: 'transient',
      code: 'file-not-found',
      stage: 'read',
      cause: error,
    });
  }
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
