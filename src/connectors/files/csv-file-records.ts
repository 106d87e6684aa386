import iconv from 'iconv-lite';
import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';
import { csvRecords, malformed } from './csv-records.js';
import type { FileReadContext, FileReader, FileRecord } from './file-records.js';
import { headOf } from './file-store.js';
import { resumePoint } from './files-checkpoint.js';
import { type CsvFormat, isUtf8 } from './files-config.js';
import { sniffDelimiter } from './sniff-delimiter.js';
import { sniffEncoding } from './sniff-encoding.js';

export interface CsvReadSettings {
  /** The format; `auto` as delimiter or encoding is sniffed per file (decision 0008). */
  readonly format: CsvFormat;
  readonly columns: readonly string[] | undefined;
  readonly skipEmptyLines: boolean;
  readonly bom: boolean;
}

/** Bytes looked at to sniff the encoding and delimiter. */
const sniffBytes = 64 * 1024;

/**
 * A CSV file's data records as rows of strings (an empty field is ''). The header row names
 * the columns (`columns:` renames them, or names them when there is no header). For UTF-8
 * files a resume seeks to the saved byte offset; other encodings resume by counting records.
 */
export function csvFileRecords(settings: CsvReadSettings): FileReader {
  return (context) => read(settings, context);
}

async function* read(settings: CsvReadSettings, context: FileReadContext): AsyncGenerator<FileRecord> {
  const { label, file } = context;
  const format = await concreteFormat(settings.format, context);
  const csvOptions = { skipEmptyLines: settings.skipEmptyLines, bom: settings.bom, label };
  const namesFrom = (fields: readonly string[], line: number): readonly string[] => {
    const header = headerNames(fields, label, line);
    if (settings.columns && settings.columns.length !== header.length) {
      throw malformed(
        label,
        line,
        `header has ${header.length} fields, columns: lists ${settings.columns.length}`,
      );
    }
    return settings.columns ?? header;
  };
  const resume = resumePoint(context.from, {
    system: context.system,
    label,
    current: file.identity,
    size: file.size,
    canSeek: isUtf8(format.encoding),
  });
  let names: readonly string[] | undefined = format.header ? undefined : settings.columns;
  let records = csvRecords(file, format, csvOptions);
  let consumed = 0;
  let skip = resume.records;
  if (resume.kind === 'seek') {
    // The header (if any) from the top, then the records from the saved offset.
    if (names === undefined) {
      for await (const header of csvRecords(file, format, { ...csvOptions, maxRecords: 1 }))
        names = namesFrom(header.fields, header.line);
    }
    records = csvRecords(file, format, {
      ...csvOptions,
      start: resume.bytes,
      linesBefore: resume.linesBefore,
    });
    consumed = resume.records;
    skip = 0;
  }
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
    yield { row: toRow(names, fields), end: { line: consumed, bytes, endLine: line } };
  }
  if (consumed < skip) throw truncated(label, consumed, skip);
}

/** The format with `auto` replaced by what the file's first bytes say. */
async function concreteFormat(format: CsvFormat, context: FileReadContext): Promise<CsvFormat> {
  if (format.encoding !== 'auto' && format.delimiter !== 'auto') return format;
  const head = await headOf(context.file, sniffBytes);
  let encoding = format.encoding;
  if (encoding === 'auto') {
    const sniffed = sniffEncoding(head, context.label);
    if (sniffed.warning) context.warn(sniffed.warning);
    encoding = sniffed.encoding;
  }
  const delimiter =
    format.delimiter === 'auto'
      ? sniffDelimiter(iconv.decode(head, encoding), format.quote)
      : format.delimiter;
  return { ...format, encoding, delimiter };
}

export function truncated(label: string, consumed: number, skip: number): IntegrationError {
  return new IntegrationError(
    `File ${label} has ${consumed} records, fewer than the ${skip} already read: it was truncated or replaced`,
    {
      kind: 'fatal',
      code: 'file-truncated',
      stage: 'read',
      hint: 'If the file was replaced on purpose, run `syncline reset FLOW` to read it from the start.',
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
