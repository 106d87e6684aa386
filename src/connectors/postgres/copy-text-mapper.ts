import type { CopyTextLines, CopyTextMapper, CopyTextPlan } from '../../core/copy-text.js';
import { BufferPool, laneBufferSize } from './buffer-pool.js';
import type { CopyColumn } from './copy-text-parser.js';
import { copyFieldReader, copyFormatError } from './copy-text-parser.js';
import { copyField, hasNul, isJsonType, toPgText } from './postgres-values.js';

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;

type Output =
  | { readonly kind: 'verbatim'; readonly field: number; readonly notNull: boolean }
  | { readonly kind: 'mapped'; readonly name: string; readonly json: boolean }
  | {
      readonly kind: 'value';
      readonly field: number;
      readonly decode: CopyColumn['decode'];
      readonly convert: (value: unknown) => unknown;
      readonly json: boolean;
    };

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
  const outputs: Output[] = plan.output.map((o): Output => {
    if ('verbatim' in o) return { kind: 'verbatim', field: field(o.verbatim), notNull: o.notNull };
    if ('mapped' in o) return { kind: 'mapped', name: o.mapped, json: isJsonType(o.type) };
    const index = field(o.from);
    const { decode } = columns[index] as CopyColumn;
    return { kind: 'value', field: index, decode, convert: o.convert, json: isJsonType(o.type) };
  });
  // Without fields mapped as a record, no record is built and the plan's map is not called.
  const hasRecord = readNames.length > 0;
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
      let mapped: Record<string, unknown> = template;
      if (hasRecord) {
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
        mapped = outcome.row;
      }
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
        const value =
          output.kind === 'mapped'
            ? mapped[output.name]
            : output.convert(
                readField(
                  bytes,
                  starts[output.field] as number,
                  ends[output.field] as number,
                  escaped[output.field] === 1,
                  output.decode,
                ),
              );
        // The row path leaves an undefined field out of the write (drop-field): not a NULL; a
        // converted field is undefined when its value needs the row path.
        if (value === undefined) return false;
        const text = toPgText(value, output.json);
        if (text !== null && hasNul(text)) return false;
        sink.text(copyField(text));
      }
      sink.endLine();
    }
    return true;
  };

  // Enough for the batches in flight (one written, one mapped ahead) with room to spare.
  const pool = new BufferPool(laneBufferSize, 32);
  return (lines: CopyTextLines) => {
    const sink = new Sink(pool);
    for (const bytes of lines.chunks) {
      if (!mapChunk(bytes, sink)) {
        sink.discard();
        return undefined;
      }
    }
    return sink.done(lines.count);
  };
}

/**
 * Whole lines written into pooled buffers: bytes copied from the source, text encoded as
 * UTF-8. A line never spans two chunks: when one does not fit, its start moves to the next
 * buffer (one larger than the pool's, for a line longer than a whole buffer).
 */
class Sink {
  private readonly chunks: Buffer[] = [];
  private readonly used: Buffer[] = [];
  private buffer: Buffer;
  private length = 0;
  private lineStart = 0;

  constructor(private readonly pool: BufferPool) {
    this.buffer = pool.take();
    this.used.push(this.buffer);
  }

  byte(value: number): void {
    if (this.length === this.buffer.length) this.makeRoom(1);
    this.buffer[this.length++] = value;
  }

  bytes(from: Buffer, start: number, end: number): void {
    if (this.length + (end - start) > this.buffer.length) this.makeRoom(end - start);
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
    if (this.length + value.length * 3 > this.buffer.length) this.makeRoom(value.length * 3);
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

  /** Ends a line: everything written so far may go into a chunk. */
  endLine(): void {
    this.byte(NEWLINE);
    this.lineStart = this.length;
  }

  /** The lines written, and how to give their buffers back. */
  done(count: number): CopyTextLines {
    if (this.lineStart > 0) this.chunks.push(this.buffer.subarray(0, this.lineStart));
    const { pool, used } = this;
    let isReleased = false;
    return {
      chunks: this.chunks,
      count,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        for (const buffer of used) pool.give(buffer);
      },
    };
  }

  /** Gives every buffer back: the lines will not be used. */
  discard(): void {
    for (const buffer of this.used) this.pool.give(buffer);
  }

  /** A buffer with room for the current line and `needed` more bytes. */
  private makeRoom(needed: number): void {
    const partial = this.length - this.lineStart;
    const next = this.pool.takeAtLeast(partial + needed);
    this.used.push(next);
    this.buffer.copy(next, 0, this.lineStart, this.length);
    if (this.lineStart > 0) this.chunks.push(this.buffer.subarray(0, this.lineStart));
    this.buffer = next;
    this.length = partial;
    this.lineStart = 0;
  }
}
