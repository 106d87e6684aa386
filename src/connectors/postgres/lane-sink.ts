import type { CopyTextLines } from '../../core/copy-text.js';
import type { BufferPool } from './buffer-pool.js';
import { copyField, hasNul } from './postgres-values.js';

const NEWLINE = 10;
const BACKSLASH = 92;

/** The letter after a backslash for the characters COPY escapes; 0 for U+0000, refused. */
const escapes: Readonly<Record<number, number>> = { 0: 0, 9: 116, 10: 110, 13: 114, [BACKSLASH]: BACKSLASH };

/** A big-endian 32-bit integer written without the Buffer method's checks. */
function putInt32(buffer: Buffer, at: number, value: number): void {
  buffer[at] = value >>> 24;
  buffer[at + 1] = value >>> 16;
  buffer[at + 2] = value >>> 8;
  buffer[at + 3] = value;
}

/** One byte, one character: positions in the string are positions in the bytes. */
export const latin1 = (bytes: Buffer): string => bytes.toString('latin1');

/** Whether a latin1 view holds only ASCII in [start, end): fields are short, a loop is cheapest. */
export function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Whole lines (or binary tuples) written into pooled buffers for the lane's mappers: bytes
 * copied from the source, text encoded as UTF-8. A line never spans two chunks: when one does not fit, its start moves to the next
 * buffer (one larger than the pool's, for a line longer than a whole buffer).
 */
export class LaneSink {
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

  /** Ends a binary tuple. */
  endTuple(): void {
    this.lineStart = this.length;
  }

  /** A big-endian 16-bit or 32-bit integer (a binary tuple's field count, a field's length). */
  int16(value: number): void {
    if (this.length + 2 > this.buffer.length) this.makeRoom(2);
    const buffer = this.buffer;
    buffer[this.length++] = value >>> 8;
    buffer[this.length++] = value;
  }

  int32(value: number): void {
    if (this.length + 4 > this.buffer.length) this.makeRoom(4);
    putInt32(this.buffer, this.length, value);
    this.length += 4;
  }

  /**
   * Text as one binary field: its length, then `prefix` (jsonb's version byte) when given and
   * the text in UTF-8. False, with nothing to rely on written, when it holds U+0000.
   */
  binaryText(value: string, prefix?: number): boolean {
    const room = 5 + value.length * 3;
    if (this.length + room > this.buffer.length) this.makeRoom(room);
    const buffer = this.buffer;
    const at = this.length;
    let length = at + 4;
    if (prefix !== undefined) buffer[length++] = prefix;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 0) return false;
      if (code < 0x80) {
        buffer[length++] = code;
        continue;
      }
      const rest = value.slice(i);
      if (hasNul(rest)) return false;
      length += buffer.write(rest, length);
      break;
    }
    putInt32(buffer, at, length - at - 4);
    this.length = length;
    return true;
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
