import { IntegrationError } from '../../core/integration-error.js';
import type { Row } from '../../core/row.js';
import type { CopyFieldDecoder } from './copy-field-decoders.js';

/** A column of a COPY's output: its name in the row, and how to decode its text. */
export interface CopyColumn {
  readonly name: string;
  readonly decode: CopyFieldDecoder;
}

/** Parses COPY text-format bytes into rows, a chunk at a time. */
export interface CopyTextParser {
  /** Parses every complete line of `chunk` (plus what the last chunk left over) into `into`. */
  write(chunk: Buffer, into: Row[]): void;
  /** The stream ended: throws if a partial line is left. */
  end(): void;
}

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;

/** The byte each one-letter COPY escape stands for (`\t`, `\n`, ...); 0 for none. */
const escapes = new Uint8Array(128);
for (const [letter, byte] of [
  ['b', 8],
  ['f', 12],
  ['n', 10],
  ['r', 13],
  ['t', 9],
  ['v', 11],
] as const)
  escapes[letter.charCodeAt(0)] = byte;

/**
 * COPY text format: one line per row ending in `\n`, fields separated by tabs, `\N` for NULL,
 * and backslash escapes for the rest (`\\ \t \n \r \b \f \v`, octal `\NNN`, hex `\xHH`). A raw
 * tab or newline byte is therefore always a separator, also inside multi-byte UTF-8 text, so
 * lines are cut on bytes and each field is decoded once from the chunk it arrived in: no
 * string per line, no array of fields. A line split between chunks is carried to the next one.
 */
export function copyTextParser(columns: readonly CopyColumn[], describe: () => string): CopyTextParser {
  const count = columns.length;
  if (count === 0) throw new Error(`COPY of ${describe()}: no columns to read`);
  const names = columns.map((c) => c.name);
  const decoders = columns.map((c) => c.decode);
  const template: Record<string, unknown> = {};
  for (const name of names) template[name] = null;
  let rest: Buffer | undefined;
  let scratch = Buffer.allocUnsafe(1024);

  const malformed = (detail: string) =>
    new IntegrationError(`COPY output of ${describe()} is not in the expected format: ${detail}`, {
      kind: 'fatal',
      code: 'copy-format',
      stage: 'read',
      hint: "The relation's columns most likely changed while the flow read it: run the flow again. If it persists, set `copy: false` in the flow's from: block.",
    });

  /** Unescapes `[start, end)` into `scratch`; returns the length written. */
  const unescapeField = (bytes: Buffer, start: number, end: number): number => {
    if (scratch.length < end - start) scratch = Buffer.allocUnsafe(Math.max(end - start, scratch.length * 2));
    let length = 0;
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      if (byte !== BACKSLASH || i + 1 === end) {
        scratch[length++] = byte;
        continue;
      }
      const next = bytes[++i] as number;
      if (next >= 48 && next <= 55) {
        // Up to three octal digits.
        let value = next - 48;
        for (let k = 0; k < 2 && i + 1 < end; k++) {
          const digit = (bytes[i + 1] as number) - 48;
          if (digit < 0 || digit > 7) break;
          value = value * 8 + digit;
          i++;
        }
        scratch[length++] = value & 0xff;
      } else if (next === 120 && i + 1 < end && hexValue(bytes[i + 1] as number) >= 0) {
        // \x followed by one or two hex digits.
        let value = hexValue(bytes[++i] as number);
        const second = i + 1 < end ? hexValue(bytes[i + 1] as number) : -1;
        if (second >= 0) {
          value = value * 16 + second;
          i++;
        }
        scratch[length++] = value;
      } else {
        const escaped = next < 128 ? (escapes[next] as number) : 0;
        // `\\` and any other escaped character stand for themselves.
        scratch[length++] = escaped === 0 ? next : escaped;
      }
    }
    return length;
  };

  const parseLines = (bytes: Buffer, from: number, limit: number, into: Row[]) => {
    let position = from;
    while (position < limit) {
      const row: Record<string, unknown> = { ...template };
      for (let column = 0; column < count; column++) {
        const start = position;
        let hasEscape = false;
        let byte = 0;
        while (position < limit) {
          byte = bytes[position] as number;
          if (byte === TAB || byte === NEWLINE) break;
          if (byte === BACKSLASH) hasEscape = true;
          position++;
        }
        const end = position;
        const isLast = column === count - 1;
        if (byte !== (isLast ? NEWLINE : TAB) || end === limit)
          throw malformed(`a line has ${isLast ? 'more' : 'fewer'} than ${count} fields`);
        position++;
        const decode = decoders[column] as CopyFieldDecoder;
        const name = names[column] as string;
        if (!hasEscape) row[name] = decode(bytes, start, end);
        else if (end - start === 2 && bytes[start] === BACKSLASH && bytes[start + 1] === 78) row[name] = null;
        else row[name] = decode(scratch, 0, unescapeField(bytes, start, end));
      }
      into.push(row);
    }
  };

  return {
    write(chunk, into) {
      let from = 0;
      if (rest !== undefined) {
        // Only the line split between chunks is copied; the rest is parsed where it lies.
        const first = chunk.indexOf(NEWLINE);
        if (first < 0) {
          rest = Buffer.concat([rest, chunk]);
          return;
        }
        const line = Buffer.concat([rest, chunk.subarray(0, first + 1)]);
        rest = undefined;
        parseLines(line, 0, line.length, into);
        from = first + 1;
      }
      const last = chunk.lastIndexOf(NEWLINE);
      if (last >= from) parseLines(chunk, from, last + 1, into);
      const tail = Math.max(last + 1, from);
      // A copy, so the parsed chunk is not kept alive by its last few bytes.
      if (tail < chunk.length) rest = Buffer.from(chunk.subarray(tail));
    },
    end() {
      if (rest !== undefined) throw malformed('the last line has no end');
    },
  };
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}
