import type { CopyTextLines, CopyTextMapper, CopyTextPlan } from '../../core/copy-text.js';
import type { CopyColumn } from './copy-text-parser.js';
import { copyFieldReader, copyFormatError } from './copy-text-parser.js';
import { copyField, hasNul, isJsonType, toPgText } from './postgres-values.js';

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;

type Output =
  | { readonly kind: 'verbatim'; readonly field: number; readonly notNull: boolean }
  | { readonly kind: 'mapped'; readonly name: string; readonly json: boolean };

/**
 * Compiles a lane plan over this source's COPY columns (core/copy-text.ts, 0049): each line is
 * cut into fields on bytes, the fields the mapping reads are decoded into a row (the same
 * lossless values the row path sees), the mapping runs, and the target line is assembled from
 * the source's bytes for verbatim fields and the encoded output of the mapping for the rest.
 * A record the mapping refuses or warns about, a NULL where the target needs a value, or text
 * PostgreSQL cannot hold makes the whole batch go the row path: the mapper returns undefined.
 */
export function compileCopyTextMapper(
  columns: readonly CopyColumn[],
  plan: CopyTextPlan,
  describe: () => string,
): CopyTextMapper {
  const width = columns.length;
  const indexOf = new Map(columns.map((c, i) => [c.name, i]));
  const field = (name: string) => {
    const index = indexOf.get(name);
    if (index === undefined) throw new Error(`copy text lane: no source column "${name}"`);
    return index;
  };
  const reads = plan.reads.map(field);
  const readNames = plan.reads;
  const decoders = reads.map((i) => (columns[i] as CopyColumn).decode);
  const outputs: Output[] = plan.output.map((o) =>
    'verbatim' in o
      ? { kind: 'verbatim', field: field(o.verbatim), notNull: o.notNull }
      : { kind: 'mapped', name: o.mapped, json: isJsonType(o.type) },
  );
  const template: Record<string, unknown> = {};
  for (const name of readNames) template[name] = null;
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const escaped = new Uint8Array(width);
  const readField = copyFieldReader();

  /** Maps the lines of one chunk into `sink`; false when the batch must go the row path. */
  const mapChunk = (bytes: Buffer, sink: Sink): boolean => {
    let position = 0;
    const limit = bytes.length;
    while (position < limit) {
      for (let column = 0; column < width; column++) {
        const start = position;
        let hasEscape = 0;
        let byte = 0;
        while (position < limit) {
          byte = bytes[position] as number;
          if (byte === TAB || byte === NEWLINE) break;
          if (byte === BACKSLASH) hasEscape = 1;
          position++;
        }
        if (byte !== (column === width - 1 ? NEWLINE : TAB) || position === limit)
          throw copyFormatError(describe(), `a line does not have ${width} fields`);
        starts[column] = start;
        ends[column] = position;
        escaped[column] = hasEscape;
        position++;
      }
      const row: Record<string, unknown> = { ...template };
      for (let r = 0; r < reads.length; r++) {
        const i = reads[r] as number;
        row[readNames[r] as string] = readField(
          bytes,
          starts[i] as number,
          ends[i] as number,
          escaped[i] === 1,
          decoders[r] as CopyColumn['decode'],
        );
      }
      const outcome = plan.map(row);
      if (!outcome.ok || outcome.warnings.length > 0) return false;
      const mapped = outcome.row;
      for (let o = 0; o < outputs.length; o++) {
        if (o > 0) sink.byte(TAB);
        const output = outputs[o] as Output;
        if (output.kind === 'verbatim') {
          const start = starts[output.field] as number;
          const end = ends[output.field] as number;
          if (output.notNull && end - start === 2 && bytes[start] === BACKSLASH && bytes[start + 1] === 78)
            return false;
          sink.bytes(bytes, start, end);
          continue;
        }
        const value = mapped[output.name];
        // The row path leaves an undefined field out of the write (drop-field): not a NULL.
        if (value === undefined) return false;
        const text = toPgText(value, output.json);
        if (text !== null && hasNul(text)) return false;
        sink.text(copyField(text));
      }
      sink.byte(NEWLINE);
    }
    return true;
  };

  return (lines: CopyTextLines) => {
    const chunks: Buffer[] = [];
    for (const bytes of lines.chunks) {
      const sink = new Sink(bytes.length + (bytes.length >> 1) + 256);
      if (!mapChunk(bytes, sink)) return undefined;
      chunks.push(sink.done());
    }
    return { chunks, count: lines.count };
  };
}

/** A growing output buffer: bytes copied from the source, text encoded as UTF-8. */
class Sink {
  private buffer: Buffer;
  private length = 0;

  constructor(size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  byte(value: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = value;
  }

  bytes(from: Buffer, start: number, end: number): void {
    if (this.length + (end - start) > this.buffer.length) this.grow(end - start);
    // Fields are short: a loop beats Buffer#copy's argument checks below a few dozen bytes.
    if (end - start > 48) {
      this.buffer.set(from.subarray(start, end), this.length);
      this.length += end - start;
      return;
    }
    const buffer = this.buffer;
    let length = this.length;
    for (let i = start; i < end; i++) buffer[length++] = from[i] as number;
    this.length = length;
  }

  text(value: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.length + value.length * 3 > this.buffer.length) this.grow(value.length * 3);
    const buffer = this.buffer;
    let length = this.length;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) {
        // Not ASCII: the rest of the text as UTF-8, by Node.
        this.length = length + buffer.write(value.slice(i), length);
        return;
      }
      buffer[length++] = code;
    }
    this.length = length;
  }

  done(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + needed));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }
}
