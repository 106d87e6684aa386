import type { CopyTextLines, CopyTextMapper, CopyTextPlan } from '../../core/copy-text.js';
import { BufferPool, laneBufferSize } from './buffer-pool.js';
import { decodesText } from './copy-field-decoders.js';
import type { CopyColumn } from './copy-text-parser.js';
import { copyFieldReader, copyFormatError } from './copy-text-parser.js';
import { copyField, hasNul, isJsonType, toPgText } from './postgres-values.js';

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;

/** The letter after a backslash for the characters COPY escapes; 0 for U+0000, refused. */
const escapes: Readonly<Record<number, number>> = { 0: 0, 9: 116, 10: 110, 13: 114, [BACKSLASH]: BACKSLASH };

const latin1 = (bytes: Buffer): string => bytes.toString('latin1');

/** Whether a latin1 view holds only ASCII in [start, end): fields are short, a loop is cheapest. */
function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Whether text[start, end) holds a tab: a last field with one means the line has too many fields. */
function hasTab(text: string, start: number, end: number): boolean {
  const tab = text.indexOf('\t', start);
  return tab >= 0 && tab < end;
}

type Output =
  | {
      readonly kind: 'verbatim';
      /** Source fields `field` to `last`, one after the other in both lines: copied in one go. */
      readonly field: number;
      readonly last: number;
      /** Those of them that must not be NULL. */
      readonly notNull: readonly number[];
    }
  | { readonly kind: 'mapped'; readonly name: string; readonly json: boolean }
  | {
      readonly kind: 'value';
      readonly field: number;
      readonly decode: CopyColumn['decode'];
      /** The decoder's value is the field's text (decodesText): sliced from the latin1 view. */
      readonly slices: 'text' | 'ascii' | undefined;
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
  const outputs: Output[] = [];
  for (const o of plan.output) {
    const previous = outputs[outputs.length - 1];
    if ('verbatim' in o) {
      const index = field(o.verbatim);
      const notNull = o.notNull ? [index] : [];
      // A source field right after the previous verbatim one joins its run, tab included.
      if (previous?.kind === 'verbatim' && previous.last + 1 === index)
        outputs[outputs.length - 1] = {
          ...previous,
          last: index,
          notNull: [...previous.notNull, ...notNull],
        };
      else outputs.push({ kind: 'verbatim', field: index, last: index, notNull });
      continue;
    }
    outputs.push(outputFor(o));
  }
  function outputFor(o: Exclude<CopyTextPlan['output'][number], { verbatim: string }>): Output {
    if ('mapped' in o) return { kind: 'mapped', name: o.mapped, json: isJsonType(o.type) };
    const index = field(o.from);
    const { decode } = columns[index] as CopyColumn;
    return {
      kind: 'value',
      field: index,
      decode,
      slices: decodesText(decode),
      convert: o.convert,
      json: isJsonType(o.type),
    };
  }
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
    // One byte, one character: positions in `text` are positions in `bytes`, and the string's
    // indexOf finds separators several times faster than a loop over the bytes.
    const text = latin1(bytes);
    const limit = bytes.length;
    let position = 0;
    /** The first backslash at or after the field being cut, or -1: fields before it have no escapes. */
    let backslash = text.indexOf('\\');
    while (position < limit) {
      const lineEnd = text.indexOf('\n', position);
      if (lineEnd < 0) throw copyFormatError(describe(), 'a line has no end');
      for (let column = 0; column < width; column++) {
        const start = position;
        const end = column === width - 1 ? lineEnd : text.indexOf('\t', start);
        if (end < 0 || end > lineEnd || (column === width - 1 && hasTab(text, start, lineEnd)))
          throw copyFormatError(describe(), `a line does not have ${width} fields`);
        if (backslash >= 0 && backslash < start) backslash = text.indexOf('\\', start);
        starts[column] = start;
        ends[column] = end;
        escaped[column] = backslash >= 0 && backslash < end ? 1 : 0;
        position = end + 1;
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
          const { notNull } = output;
          for (let n = 0; n < notNull.length; n++) {
            const i = notNull[n] as number;
            const start = starts[i] as number;
            if (ends[i] === start + 2 && bytes[start] === BACKSLASH && bytes[start + 1] === 78) return false;
          }
          sink.bytes(bytes, starts[output.field] as number, ends[output.last] as number);
          continue;
        }
        let value: unknown;
        if (output.kind === 'mapped') value = mapped[output.name];
        else {
          const start = starts[output.field] as number;
          const end = ends[output.field] as number;
          const { slices } = output;
          if (slices !== undefined && escaped[output.field] === 0) {
            // Text that is all ASCII is its latin1 view: a slice, no decoding.
            value = output.convert(
              slices === 'ascii' || isAscii(text, start, end)
                ? text.slice(start, end)
                : output.decode(bytes, start, end),
            );
          } else
            value = output.convert(readField(bytes, start, end, escaped[output.field] === 1, output.decode));
        }
        // The row path leaves an undefined field out of the write (drop-field): not a NULL; a
        // converted field is undefined when its value needs the row path.
        if (value === undefined) return false;
        const written = toPgText(value, output.json);
        if (written === null) sink.nullField();
        else if (!sink.field(written)) return false;
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
    // Fields are short: a loop beats a view and a copy below a few dozen bytes.
    if (end - start > 48) {
      this.buffer.set(new Uint8Array(from.buffer, from.byteOffset + start, end - start), this.length);
      this.length += end - start;
      return;
    }
    const buffer = this.buffer;
    let length = this.length;
    for (let i = start; i < end; i++) buffer[length++] = from[i] as number;
    this.length = length;
  }

  /** COPY's NULL. */
  nullField(): void {
    this.byte(BACKSLASH);
    this.byte(78);
  }

  /**
   * Text as one COPY field in UTF-8, escaped as copyField escapes it (backslash, newline,
   * carriage return, tab); false, with nothing to rely on written, when it holds U+0000, which
   * PostgreSQL text cannot store.
   */
  field(value: string): boolean {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8, an escaped one 2.
    if (this.length + value.length * 3 > this.buffer.length) this.makeRoom(value.length * 3);
    const buffer = this.buffer;
    let length = this.length;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x80) {
        // Not ASCII: the rest by Node, escaped as a string.
        const rest = value.slice(i);
        if (hasNul(rest)) return false;
        this.length = length + buffer.write(copyField(rest), length);
        return true;
      }
      if (code > 13 && code !== BACKSLASH) {
        buffer[length++] = code;
        continue;
      }
      const letter = escapes[code];
      if (letter === 0) return false;
      if (letter === undefined) buffer[length++] = code;
      else {
        buffer[length++] = BACKSLASH;
        buffer[length++] = letter;
      }
    }
    this.length = length;
    return true;
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
