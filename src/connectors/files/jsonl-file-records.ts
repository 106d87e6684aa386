import { recordIssue } from '../../core/issue.js';
import type { Row } from '../../core/row.js';
import { truncated } from './csv-file-records.js';
import type { FileReadContext, FileReader, FileRecord } from './file-records.js';
import { resumePoint } from './files-checkpoint.js';

/** A line longer than this (64 Mi bytes) is not a record but a broken file. */
const maxLineBytes = 64 * 1024 * 1024;
/** How much of a bad line a dead letter keeps. */
const keptText = 2000;

/**
 * A JSON Lines file (UTF-8, one JSON object per line) as rows: each object is a row, with JSON
 * values as they are (numbers, booleans, null, nested objects). Blank lines are skipped. A line
 * that is not a JSON object becomes a rejected record (file, line, text) that the engine
 * dead-letters; the rest of the file is still read. A resume seeks to the saved byte offset.
 */
export const jsonlFileRecords: FileReader = (context) => read(context);

async function* read(context: FileReadContext): AsyncGenerator<FileRecord> {
  const { label, file } = context;
  const resume = resumePoint(context.from, {
    system: context.system,
    label,
    current: file.identity,
    size: file.size,
    canSeek: true,
  });
  const start = resume.kind === 'seek' ? resume.bytes : 0;
  let consumed = resume.kind === 'seek' ? resume.records : 0;
  const skip = resume.kind === 'seek' ? 0 : resume.records;
  let line = resume.kind === 'seek' ? resume.linesBefore : 0;
  let offset = start;
  for await (const bytes of lines(file.bytes(start), label)) {
    line++;
    offset += bytes.length;
    let text = bytes.toString('utf8');
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') continue;
    // A bad last line without its line break may still be being written: it is left for later.
    if (consumed + 1 > skip && bytes[bytes.length - 1] !== 10 && typeof parseObject(text) === 'string') break;
    consumed++;
    if (consumed <= skip) continue;
    const end = { line: consumed, bytes: offset, endLine: line };
    const parsed = parseObject(text);
    if (typeof parsed !== 'string') {
      yield { row: parsed, end };
      continue;
    }
    const message = `${label}:${line} is not a JSON object: ${parsed}`;
    const record = { file: label, line, text: text.trimEnd().slice(0, keptText) };
    yield { reject: { record, issue: recordIssue('jsonl-invalid', '', message, { stage: 'read' }) }, end };
  }
  if (consumed < skip) throw truncated(label, consumed, skip);
}

/** The row, or why the line is not one. */
function parseObject(text: string): Row | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`;
  }
  return value as Row;
}

/** The file's lines as bytes, each with its line break (the last may have none). */
async function* lines(chunks: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const chunk of chunks) {
    let from = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, from)) {
      pending.push(chunk.subarray(from, at + 1));
      yield Buffer.concat(pending);
      pending = [];
      pendingLength = 0;
      from = at + 1;
    }
    if (from < chunk.length) {
      pending.push(chunk.subarray(from));
      pendingLength += chunk.length - from;
      if (pendingLength > maxLineBytes)
        throw new Error(`${label}: a line is longer than ${maxLineBytes} bytes`);
    }
  }
  if (pendingLength > 0) yield Buffer.concat(pending);
}
