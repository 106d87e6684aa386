import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { IntegrationError } from '../../core/integration-error.js';
import { type CsvFormat, isUtf8 } from './files-config.js';

/** Characters one record may hold (16 Mi): far beyond real rows, well below memory trouble. */
const maxRecordSize = 16 * 1024 * 1024;

export interface CsvRecord {
  readonly fields: readonly string[];
  /** Physical line where the record ends (a quoted field may span lines). */
  readonly line: number;
}

export interface CsvReadOptions {
  readonly skipEmptyLines: boolean;
  readonly bom: boolean;
  /** How the file is named in messages (the spec's `file:`). */
  readonly label: string;
}

/**
 * Streams a CSV file as records of strings: file → decoder (non-UTF-8 only) → csv-parse.
 * Memory stays bounded by the consumer's pace (async iteration applies backpressure).
 * Malformed CSV surfaces as an IntegrationError with the file and line.
 */
export async function* csvRecords(
  path: string,
  format: CsvFormat,
  options: CsvReadOptions,
): AsyncGenerator<CsvRecord> {
  const input = createReadStream(path);
  const parser = parse({
    delimiter: format.delimiter,
    quote: format.quote,
    bom: options.bom,
    skip_empty_lines: options.skipEmptyLines,
    relax_column_count: false,
    // An unclosed quote would otherwise buffer the rest of the file as one field.
    max_record_size: maxRecordSize,
    info: true,
  });
  // pipeline tears every stream down on the first error; the error then rejects the iteration.
  if (isUtf8(format.encoding)) pipeline(input, parser, ignore);
  else pipeline(input, iconv.decodeStream(format.encoding, { stripBOM: options.bom }), parser, ignore);
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = item.info.lines;
      yield { fields: item.record, line: lastLine };
    }
  } catch (error) {
    throw toReadError(error, options.label, lastLine);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

function ignore(): void {}

function toReadError(error: unknown, label: string, lastLine: number): unknown {
  if (error instanceof CsvError) {
    // The parser notices an unclosed quote only where it gives up; point at where the record began.
    const isRunaway = error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE';
    const line = isRunaway ? lastLine + 1 : error.lines;
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
