import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { IntegrationError } from '../../core/integration-error.js';
import type { OpenedFile } from './file-store.js';
import { type CsvFormat, isUtf8 } from './files-config.js';

/** Characters one record may hold (16 Mi): far beyond real rows, well below memory trouble. */
const maxRecordSize = 16 * 1024 * 1024;

export interface CsvRecord {
  readonly fields: readonly string[];
  /** Physical line where the record ends (a quoted field may span lines). */
  readonly line: number;
  /**
   * Byte offset in the file just after the record (and its line break), for resuming there;
   * known for UTF-8 only, where the parser sees the file's own bytes (a decoder hands it text).
   */
  readonly bytes: number | undefined;
}

export interface CsvReadOptions {
  readonly skipEmptyLines: boolean;
  readonly bom: boolean;
  /** How the file is named in messages (the spec's `file:`). */
  readonly label: string;
  /** Byte offset to start at: a record boundary from an earlier `bytes` (UTF-8 only). */
  readonly start?: number | undefined;
  /** Physical lines before `start`, so that line numbers stay those of the file. */
  readonly linesBefore?: number | undefined;
  /** Stop after this many records (a header), without parsing, or failing on, the rest. */
  readonly maxRecords?: number | undefined;
}

/**
 * Streams a CSV file as records of strings: file → decoder (non-UTF-8 only) → csv-parse.
 * Memory stays bounded by the consumer's pace (async iteration applies backpressure).
 * Malformed CSV surfaces as an IntegrationError with the file and line. `file` is a path or
 * an opened file, which stays open (its owner closes it) so one can serve several reads.
 */
export async function* csvRecords(
  file: string | Pick<OpenedFile, 'bytes'>,
  format: CsvFormat,
  options: CsvReadOptions,
): AsyncGenerator<CsvRecord> {
  const start = options.start ?? 0;
  const linesBefore = options.linesBefore ?? 0;
  const isUtf8Input = isUtf8(format.encoding);
  if (start > 0 && !isUtf8Input) throw new Error('csvRecords: a start offset needs a UTF-8 file');
  const input =
    typeof file === 'string'
      ? createReadStream(file, { start })
      : Readable.from(file.bytes(start), { objectMode: false });
  const parser = parse({
    delimiter: format.delimiter,
    quote: format.quote,
    bom: options.bom,
    skip_empty_lines: options.skipEmptyLines,
    relax_column_count: false,
    // A quote inside an unquoted field (37°36'37.8"N) is text, as spreadsheets write it.
    relax_quotes: true,
    // An unclosed quote would otherwise buffer the rest of the file as one field.
    max_record_size: maxRecordSize,
    info: true,
    ...(options.maxRecords === undefined ? {} : { to: options.maxRecords }),
  });
  // pipeline tears every stream down on the first error; the error then rejects the iteration.
  if (isUtf8Input) pipeline(input, parser, ignore);
  else pipeline(input, iconv.decodeStream(format.encoding, { stripBOM: options.bom }), parser, ignore);
  let lastLine = linesBefore;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      lastLine = linesBefore + item.info.lines;
      // info.bytes counts the bytes the parser was given (a UTF-8 BOM included): the file's own.
      yield { fields: item.record, line: lastLine, bytes: isUtf8Input ? start + item.info.bytes : undefined };
    }
  } catch (error) {
    throw toReadError(error, options.label, lastLine, linesBefore);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

function ignore(): void {}

function toReadError(error: unknown, label: string, lastLine: number, linesBefore: number): unknown {
  if (error instanceof CsvError) {
    // The parser notices an unclosed quote only where it gives up; point at where the record began.
    const isRunaway = error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE';
    const reported: unknown = error.lines;
    const line = isRunaway ? lastLine + 1 : typeof reported === 'number' ? reported + linesBefore : undefined;
    const reason = isRunaway
      ? `a quoted field in the record starting here is never closed (${error.message})`
      : error.message;
    return new IntegrationError(
      `Malformed CSV at ${label}${typeof line === 'number' ? `:${line}` : ''}: ${reason}`,
      {
        kind: 'config',
        code: 'csv-malformed',
        stage: 'read',
        hint: 'Fix the file at that line (an unclosed quote or a wrong number of fields), or check delimiter/quote.',
        cause: error,
      },
    );
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new IntegrationError(`File ${label} disappeared while it was being read`, {
      kind: 'transient',
      code: 'file-not-found',
      stage: 'read',
      cause: error,
    });
  }
  return error;
}

/** An IntegrationError for a record that does not fit the columns; same shape as the parser's own. */
export function malformed(label: string, line: number, reason: string): IntegrationError {
  return new IntegrationError(`Malformed CSV at ${label}:${line}: ${reason}`, {
    kind: 'config',
    code: 'csv-malformed',
    stage: 'read',
    hint: 'Fix the file at that line, or check the columns: and delimiter: options.',
  });
}
