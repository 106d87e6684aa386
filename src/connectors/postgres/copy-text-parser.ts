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
  const readField = copyFieldReader();

  const malformed = (detail: string) => copyFormatError(describe(), detail);

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
        row[names[column] as string] = readField(
          bytes,
          start,
          end,
          hasEscape,
          decoders[column] as CopyFieldDecoder,
        );
      }
      into.push(row);
    }
  };

  return {
    write(chunk, into) {
      rest = wholeLines(chunk, rest, (bytes, from, to) => parseLines(bytes, from, to, into));
    },
    end() {
      if (rest !== undefined) throw malformed('the last line has no end');
    },
  };
}

/**
 * Reads one field of a line: `\N` is NULL, a field with escapes is unescaped into a scratch
 * buffer first (`hasEscape`: the field holds a backslash), and `decode` turns the bytes into
 * the column's value.
 */
export type CopyFieldReader = (
  bytes: Buffer,
  start: number,
  end: number,
  hasEscape: boolean,
  decode: CopyFieldDecoder,
) => unknown;

export function copyFieldReader(): CopyFieldReader {
  let scratch = Buffer.allocUnsafe(1024);
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

  return (bytes, start, end, hasEscape, decode) => {
    if (!hasEscape) return decode(bytes, start, end);
    if (end - start === 2 && bytes[start] === BACKSLASH && bytes[start + 1] === 78) return null;
    return decode(scratch, 0, unescapeField(bytes, start, end));
  };
}

/**
 * Cuts a chunk of a COPY stream at line ends: `take` gets each span of whole lines where it
 * lies, after the line split from the previous chunk (`rest`), joined into a small buffer of its
 * own. Returns what follows the last line end — copied, so the chunk is not kept alive by its
 * last few bytes — to pass as `rest` with the next chunk.
 */
export function wholeLines(
  chunk: Buffer,
  rest: Buffer | undefined,
  take: (bytes: Buffer, from: number, to: number) => void,
): Buffer | undefined {
  let from = 0;
  if (rest !== undefined) {
    const first = chunk.indexOf(NEWLINE);
    if (first < 0) return Buffer.concat([rest, chunk]);
    const line = Buffer.concat([rest, chunk.subarray(0, first + 1)]);
    take(line, 0, line.length);
    from = first + 1;
  }
  const last = chunk.lastIndexOf(NEWLINE);
  if (last >= from) take(chunk, from, last + 1);
  const tail = Math.max(last + 1, from);
  return tail < chunk.length ? Buffer.from(chunk.subarray(tail)) : undefined;
}

/** COPY output that does not have the shape the read expects. */
export function copyFormatError(relation: string, detail: string): IntegrationError {
  return new IntegrationError(`COPY output of ${relation} is not in the expected format: ${detail}`, {
    kind: 'fatal',
    code: 'copy-format',
    stage: 'read',
    hint: "The relation's columns most likely changed while the flow read it: run the flow again. If it persists, set `copy: false` in the flow's from: block.",
  });
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}
