import type { OpenContext, Source, SourceOpenOptions } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { Batch, Checkpoint, Row, SourceReject } from '../../core/row.js';
import { archiveFile } from './archive-file.js';
import { csvFileRecords } from './csv-file-records.js';
import { isSameInode, savedIdentity } from './file-identity.js';
import type { FileReader } from './file-records.js';
import type { StoredFile } from './file-store.js';
import { fileCheckpoint, type ReadEnd } from './files-checkpoint.js';
import { type FilesConfig, sourceCsvFormat } from './files-config.js';
import { type FilesSourceOptions, formatOf, isIncremental } from './files-source-options.js';
import { jsonlFileRecords } from './jsonl-file-records.js';
import { type MatchedFile, matchFiles } from './match-files.js';
import { openFileStore } from './open-file-store.js';
import { requireFile } from './require-file.js';
import { xlsxFileRecords } from './xlsx-file-records.js';

/**
 * Reads CSV, JSON Lines or XLSX files in batches: one file (`file:`), or every file a
 * `pattern:` matches, in name order. A batch never spans two files; its checkpoint names the
 * file (path, device, inode), the records consumed and, for UTF-8 text, the byte offset after
 * them, plus `complete: true` when it holds the file's last record. With `archive:`, a file is
 * moved there in acknowledge(), once the batch holding its last record is durable (0009).
 */
export async function openFilesSource(
  context: OpenContext<FilesConfig>,
  request: SourceOpenOptions<FilesSourceOptions>,
): Promise<Source> {
  const { options } = request;
  const store = await openFileStore(context);
  try {
    if (options.file !== undefined) await requireFile(store, options.file, context.system);
    const reader = readerFor(context, options);
    const archiveDir = options.archive === undefined ? undefined : store.resolve(options.archive);

    async function* read(from: Checkpoint | undefined, signal: AbortSignal): AsyncIterable<Batch> {
      const files: readonly MatchedFile[] =
        options.file !== undefined
          ? [{ name: options.file, path: store.resolve(options.file) }]
          : await matchFiles(store, options.pattern ?? '', options.settle);
      const savedFile = fileOf(from);
      for (const file of files) {
        // Without an archive, files before the checkpoint's were read to the end in the
        // interrupted run. With one, every file still there is unfinished (0009).
        if (
          archiveDir === undefined &&
          options.pattern !== undefined &&
          savedFile !== undefined &&
          file.path < savedFile
        )
          continue;
        if (signal.aborted) throw signal.reason;
        yield* readFile(
          file,
          options.pattern === undefined || file.path === savedFile ? from : undefined,
          signal,
        );
      }
    }

    async function* readFile(file: MatchedFile, saved: Checkpoint | undefined, signal: AbortSignal) {
      const opened = await store.open(file.path, file.name);
      // With an archive, a file under the checkpoint's name but another inode is a new file
      // (the old one was archived): it is read from the start.
      const from = archiveDir !== undefined && !isSameFile(saved, opened) ? undefined : saved;
      try {
        const warnings: string[] = [];
        const records = reader({
          system: context.system,
          label: file.name,
          file: opened,
          from,
          warn: (message) => warnings.push(message),
        });
        let rows: Row[] = [];
        let rejected: SourceReject[] = [];
        let end: ReadEnd | undefined;
        const batch = (complete: boolean): Batch => {
          const position = end ?? { line: 0, bytes: undefined, endLine: 0 };
          const saved = fileCheckpoint(opened.identity, position) as Readonly<Record<string, Checkpoint>>;
          // A finished file's size and time tell it from a new file under its name later (SFTP
          // has no inode numbers).
          const checkpoint = complete
            ? { ...saved, complete, size: opened.size, mtimeMs: opened.mtimeMs }
            : saved;
          const taken = warnings.splice(0);
          return {
            rows,
            checkpoint,
            ...(rejected.length > 0 ? { rejected } : {}),
            ...(taken.length > 0 ? { warnings: taken } : {}),
          };
        };
        for await (const record of records) {
          // A full batch goes out when the next record exists: then it is known not to be the last.
          if (rows.length + rejected.length >= request.batchSize) {
            yield batch(false);
            rows = [];
            rejected = [];
            // Stop between batches only, so a batch is handed over whole or not at all.
            if (signal.aborted) throw signal.reason;
          }
          if ('row' in record) rows.push(record.row);
          else rejected.push(record.reject);
          end = record.end;
        }
        const pending = rows.length + rejected.length > 0;
        // With nothing left to hand over, an empty batch still tells acknowledge the file is done.
        if (pending || archiveDir !== undefined || warnings.length > 0) {
          if (end === undefined && fileOf(from) === file.path) end = restartEnd(from);
          yield batch(true);
        }
      } finally {
        await opened.close();
      }
    }

    return {
      incremental: isIncremental(options),
      read,
      async acknowledge(checkpoint) {
        if (archiveDir === undefined) return;
        const position = checkpoint as Record<string, unknown> | null;
        if (position?.complete !== true) return;
        await archiveFile(store, position, archiveDir, context.system);
      },
      close: () => store.close(),
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function readerFor(context: OpenContext<FilesConfig>, options: FilesSourceOptions): FileReader {
  const format = formatOf(options);
  if (format === 'jsonl') return jsonlFileRecords;
  if (format === 'xlsx')
    return xlsxFileRecords({ sheet: options.sheet, headerRow: options.headerRow, columns: options.columns });
  // Naming the columns implies the file has no header row, unless header: true says otherwise.
  const header = options.header ?? (options.columns ? false : context.config.header);
  if (!header && options.columns === undefined) {
    throw new IntegrationError(
      `System "${context.system}": file "${options.file ?? options.pattern}" has no header row and no columns:`,
      {
        kind: 'config',
        code: 'csv-columns-required',
        hint: "List the column names in the flow's from: block (columns: [id, name, ...]), or set header: true.",
      },
    );
  }
  return csvFileRecords({
    format: sourceCsvFormat(context.config, options, header),
    columns: options.columns,
    skipEmptyLines: options.skipEmptyLines,
    bom: options.bom,
  });
}

function isSameFile(from: Checkpoint | undefined, current: StoredFile): boolean {
  const position = (from ?? {}) as Record<string, unknown>;
  const saved = savedIdentity(position);
  if (saved === undefined || saved.file !== current.identity.file || !isSameInode(saved, current.identity))
    return false;
  return (
    position.complete !== true || (position.size === current.size && position.mtimeMs === current.mtimeMs)
  );
}

/** The file a checkpoint points into, if it is a files checkpoint. */
function fileOf(from: Checkpoint | undefined): string | undefined {
  const file = (from as Record<string, unknown> | null | undefined)?.file;
  return typeof file === 'string' ? file : undefined;
}

/** Where a file whose records were all read before stands: as its checkpoint said. */
function restartEnd(from: Checkpoint | undefined): ReadEnd {
  const position = (from ?? {}) as Record<string, unknown>;
  const line = typeof position.line === 'number' ? position.line : 0;
  const bytes = typeof position.bytes === 'number' ? position.bytes : undefined;
  const endLine = typeof position.endLine === 'number' ? position.endLine : 0;
  return { line, bytes, endLine };
}
