import { existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type {
  OpenContext,
  Target,
  TargetOpenOptions,
  WriteRequest,
  WriteResult,
} from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { JsonValue } from '../../core/row.js';
import { csvRecords } from './csv-records.js';
import { type FileIdentity, fileIdentity } from './file-identity.js';
import { fileShape } from './file-shape.js';
import { type CsvFormat, csvFormat, type FilesConfig, isUtf8 } from './files-config.js';
import { formatOf } from './files-source-options.js';
import type { FilesTargetOptions } from './files-target-options.js';
import { jsonLines } from './json-lines.js';
import { resolveFilePath } from './resolve-file-path.js';
import { syncDirectory } from './sync-directory.js';
import { cutBackTo, replaced, resumePosition } from './target-position.js';
import { toCsvField } from './to-csv-field.js';

/**
 * Appends batches to a CSV file, each as one write followed by fsync. position() is the file
 * (path, device, inode) and its length after the last durable batch; the engine saves it with
 * the source checkpoint, and on the next open the same file, if longer, is cut back to it,
 * which undoes a batch that was written but never checkpointed (a crash in between): the
 * re-read batch then lands exactly once. Only the file the position was taken in is ever cut.
 */
export async function openFilesTarget(
  context: OpenContext<FilesConfig>,
  request: TargetOpenOptions<FilesTargetOptions>,
): Promise<Target> {
  const { options } = request;
  const where = `System "${context.system}", file "${options.file}"`;
  refuseSftp(context.config, where);
  const { path } = resolveFilePath(context, options.file);
  checkMode(request.mode, where);
  const isJsonl = formatOf(options) === 'jsonl';
  // JSON Lines is UTF-8 and has no header.
  const format = isJsonl
    ? { ...csvFormat(context.config, options), encoding: 'utf-8', header: false }
    : csvFormat(context.config, options);
  const resume = resumePosition(request.resume, where);
  const isNew = !existsSync(path);
  if (isNew && resume?.identity?.file === path) throw replaced(where, path, 'was deleted');
  // The folder (and the file's subfolders) are created: an output folder often starts out empty.
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a');
  let length: number;
  let identity: FileIdentity;
  let columns: readonly string[] | undefined;
  try {
    const stats = await handle.stat();
    identity = fileIdentity(path, stats);
    length = stats.size;
    const cutAt = cutBackTo(resume, identity, length, where);
    if (cutAt !== undefined && length > cutAt) {
      await handle.truncate(cutAt);
      await handle.sync();
      length = cutAt;
    }
    if (isNew) await syncDirectory(dirname(path));
    const existing =
      !isJsonl && format.header && length > 0 ? await readHeader(path, format, options.file) : undefined;
    if (options.columns && existing && existing.join('\u0000') !== options.columns.join('\u0000')) {
      throw new IntegrationError(
        `${where}: the file's header (${existing.join(', ')}) differs from columns:`,
        {
          kind: 'config',
          code: 'csv-header-mismatch',
          stage: 'write',
          hint: 'Make columns: match the existing header, or write to a new file.',
        },
      );
    }
    columns = options.columns ?? existing;
  } catch (error) {
    await handle.close();
    throw error;
  }
  let isWriting = false;

  async function write(batch: WriteRequest, signal: AbortSignal): Promise<WriteResult> {
    if (signal.aborted) throw signal.reason;
    checkMode(batch.mode, where);
    if (batch.rows.length === 0) return { written: 0, rejected: [] };
    if (isWriting) {
      // position() must describe one finished append; overlapping writes would interleave.
      throw new IntegrationError(`${where}: writes must not overlap`, {
        kind: 'fatal',
        code: 'concurrent-write',
        stage: 'write',
      });
    }
    const order = columns ?? Object.keys(batch.rows[0] ?? {});
    const text = isJsonl ? jsonLines(batch.rows, columns) : csvText(batch, order, length === 0);
    const bytes = isUtf8(format.encoding) ? Buffer.from(text, 'utf8') : iconv.encode(text, format.encoding);
    isWriting = true;
    try {
      // One append of the whole batch, then fsync: resolved means on disk.
      let offset = 0;
      while (offset < bytes.length) {
        offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
      }
      await handle.sync();
    } catch (error) {
      // Cut off a partial append so the next batch starts on a record boundary.
      await handle.truncate(length).catch(() => undefined);
      throw new IntegrationError(`${where}: write failed: ${(error as Error).message}`, {
        kind: 'transient',
        code: 'file-write-failed',
        stage: 'write',
        cause: error,
      });
    } finally {
      isWriting = false;
    }
    length += bytes.length;
    if (!isJsonl) columns = order;
    return { written: batch.rows.length, rejected: [] };
  }

  function csvText(batch: WriteRequest, order: readonly string[], isEmpty: boolean): string {
    checkColumns(batch, order, where);
    const records = batch.rows.map((row) => order.map((name) => toCsvField(row[name])));
    const csv = {
      delimiter: format.delimiter,
      quote: format.quote,
      record_delimiter: '\n',
      quoted_match: /\r/,
    };
    return (format.header && isEmpty ? stringify([order], csv) : '') + stringify(records, csv);
  }

  return {
    write,
    position: (): JsonValue => ({ ...identity, bytes: length }),
    // Every value of the file is text in its encoding; the columns are whatever the rows bring.
    describe: async () => fileShape(options.file, format.encoding),
    async close() {
      await handle.close().catch(() => undefined);
    },
  };
}

function refuseSftp(config: FilesConfig, where: string): void {
  if (config.sftp === undefined) return;
  throw new IntegrationError(`${where}: writing to an SFTP server is not supported yet`, {
    kind: 'config',
    code: 'sftp-target-not-supported',
    stage: 'write',
    hint: 'Write to a local folder (a files system without sftp:) and transfer it, or read from the SFTP system only.',
  });
}

function checkMode(mode: string, where: string): void {
  if (mode === 'insert') return;
  throw new IntegrationError(
    `${where}: mode "${mode}" is not supported; a CSV file can only be appended to`,
    {
      kind: 'config',
      code: 'mode-not-supported',
      stage: 'write',
      hint: 'Use mode: insert for a files target.',
    },
  );
}

/** A field with no column would be dropped silently; refuse the batch instead. */
function checkColumns(batch: WriteRequest, order: readonly string[], where: string): void {
  const known = new Set(order);
  const unknown = new Set<string>();
  for (const row of batch.rows) for (const name of Object.keys(row)) if (!known.has(name)) unknown.add(name);
  if (unknown.size === 0) return;
  throw new IntegrationError(
    `${where}: field${unknown.size > 1 ? 's' : ''} ${[...unknown].map((n) => `"${n}"`).join(', ')} not among the file's columns`,
    {
      kind: 'config',
      code: 'column-not-found',
      stage: 'write',
      hint: `Columns: ${order.join(', ')}. Map the field to one of them, or list every column in the to: block's columns:.`,
    },
  );
}

async function readHeader(
  path: string,
  format: CsvFormat,
  label: string,
): Promise<readonly string[] | undefined> {
  const options = { skipEmptyLines: true, bom: true, label, maxRecords: 1 };
  for await (const record of csvRecords(path, format, options)) return record.fields;
  return undefined;
}
