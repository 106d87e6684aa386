import type { CopyTextLines } from '../../core/copy-text.js';
import { copyFormatError } from './copy-text-parser.js';
import { copyField } from './postgres-values.js';

/**
 * PostgreSQL's binary COPY format (docs/decisions/0052): an 11-byte signature, a flags word and
 * a header extension, then one tuple per row — a 16-bit field count, and per field a 32-bit
 * length (-1 for NULL) and that many bytes of the type's binary form — and a trailer of -1. The
 * lane keeps tuples without the header and trailer; the writer adds them around each COPY.
 */
export const binaryHeader = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
export const binaryTrailer = Buffer.from([0xff, 0xff]);

/** How a collector finds whole records (lines, tuples) in the bytes it gathers. */
export interface RecordFormat {
  /**
   * Complete records in `bytes[start, end)`, which begins at a record; `scanned` is where the
   * bytes not seen by an earlier call begin. Returns how many and where the last one ends.
   */
  scan(bytes: Buffer, start: number, scanned: number, end: number): { count: number; end: number };
  /** Where the `count`-th record from `start` ends (the records are known to be complete). */
  cut(bytes: Buffer, start: number, count: number): number;
  /** Bytes of the stream before the first record (a header): how many of `chunk` to skip. */
  skip(chunk: Buffer): number;
  /** Whether `bytes[start, end)`, left after the last record when the stream ended, is its proper end. */
  endsWell(bytes: Buffer, start: number, end: number): boolean;
  /** What is wrong when the stream does not end well, for the error. */
  readonly badEnd: string;
  /** The last of some whole records, as its own bytes. */
  last(lines: CopyTextLines): Buffer;
}

const NEWLINE = 10;

/** COPY text: a record is a line. */
export const textRecords: RecordFormat = {
  scan(bytes, start, scanned, end) {
    const filled = bytes.subarray(0, end);
    let count = 0;
    let last = start;
    for (let at = filled.indexOf(NEWLINE, scanned); at >= 0; at = filled.indexOf(NEWLINE, at + 1)) {
      count++;
      last = at + 1;
    }
    return { count, end: last };
  },
  cut(bytes, start, count) {
    let cut = start - 1;
    for (let i = 0; i < count; i++) cut = bytes.indexOf(NEWLINE, cut + 1);
    return cut + 1;
  },
  skip: () => 0,
  endsWell: (_bytes, start, end) => start === end,
  badEnd: 'the last line has no end',
  last(lines) {
    const chunk = lines.chunks[lines.chunks.length - 1] as Buffer;
    return chunk.subarray(chunk.lastIndexOf(NEWLINE, chunk.length - 2) + 1);
  },
};

/** A big-endian 32-bit integer (signed), read without the Buffer method's checks. */
export const readInt32 = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] as number) << 24) |
  ((bytes[at + 1] as number) << 16) |
  ((bytes[at + 2] as number) << 8) |
  (bytes[at + 3] as number);

/** A tuple's field count: -1 for the trailer. */
const fieldCount = (bytes: Uint8Array, at: number): number =>
  (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16)) >> 16;

/** A tuple's end, or -1 when `bytes` stop before it (or at the trailer). */
function tupleEnd(bytes: Buffer, at: number, end: number): number {
  if (at + 2 > end) return -1;
  const fields = fieldCount(bytes, at);
  if (fields < 0) return -1;
  let position = at + 2;
  for (let f = 0; f < fields; f++) {
    if (position + 4 > end) return -1;
    const length = readInt32(bytes, position);
    position += length > 0 ? 4 + length : 4;
  }
  return position <= end ? position : -1;
}

/**
 * Binary COPY of `width` fields a tuple: a record is a tuple. One per stream (it skips the
 * stream's header once); `describe` names the relation in errors.
 */
export function binaryRecords(width: number, describe: () => string): RecordFormat {
  /** Header bytes still to skip, once known; the first 19 are fixed, then the extension. */
  const header: number[] = [];
  let headerLeft = 19;
  let isHeaderRead = false;
  return {
    scan(bytes, start, _scanned, end) {
      let count = 0;
      let at = start;
      for (;;) {
        const next = tupleEnd(bytes, at, end);
        if (next < 0) break;
        if (fieldCount(bytes, at) !== width)
          throw copyFormatError(describe(), `a binary tuple does not have ${width} fields`);
        count++;
        at = next;
      }
      return { count, end: at };
    },
    cut(bytes, start, count) {
      let at = start;
      for (let i = 0; i < count; i++) at = tupleEnd(bytes, at, bytes.length);
      return at;
    },
    skip(chunk) {
      if (isHeaderRead) return 0;
      let used = 0;
      while (used < chunk.length && headerLeft > 0) {
        header.push(chunk[used] as number);
        used++;
        headerLeft--;
        if (headerLeft === 0 && header.length === 19) {
          for (let i = 0; i < 11; i++)
            if (header[i] !== binaryHeader[i])
              throw copyFormatError(describe(), 'the stream is not binary COPY');
          headerLeft = Buffer.from(header.slice(15, 19)).readInt32BE(0);
        }
      }
      if (headerLeft === 0) isHeaderRead = true;
      return used;
    },
    endsWell: (bytes, start, end) =>
      isHeaderRead && end - start === 2 && bytes[start] === 0xff && bytes[start + 1] === 0xff,
    badEnd: 'the binary COPY stream has no end: it stops inside a tuple or before its trailer',
    last(lines) {
      const chunk = lines.chunks[lines.chunks.length - 1] as Buffer;
      let at = 0;
      for (;;) {
        const next = tupleEnd(chunk, at, chunk.length);
        if (next < 0 || next >= chunk.length) return chunk.subarray(at);
        at = next;
      }
    },
  };
}

/** The binary form of one type as its text output (UTC, ISO dates): what COPY text would print. */
type BinaryFormatter = (bytes: Buffer, start: number, end: number) => string;

const utf8: BinaryFormatter = (bytes, start, end) => bytes.toString('utf8', start, end);

const hex = (bytes: Buffer, start: number, end: number) => bytes.toString('hex', start, end);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Days since 2000-01-01 as `YYYY-MM-DD` (` BC` before year 1), the proleptic Gregorian calendar. */
function civilDate(days: number): { text: string; isBc: boolean } {
  const z = days + 10957 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const isBc = year <= 0;
  return { text: `${pad(isBc ? 1 - year : year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, isBc };
}

const date: BinaryFormatter = (bytes, start) => {
  const days = bytes.readInt32BE(start);
  if (days === 0x7fffffff) return 'infinity';
  if (days === -0x80000000) return '-infinity';
  const { text, isBc } = civilDate(days);
  return isBc ? `${text} BC` : text;
};

const microsPerDay = 86_400_000_000n;

function timestamp(zone: string): BinaryFormatter {
  return (bytes, start) => {
    const micros = bytes.readBigInt64BE(start);
    if (micros === 0x7fffffffffffffffn) return 'infinity';
    if (micros === -0x8000000000000000n) return '-infinity';
    let days = micros / microsPerDay;
    let rest = micros % microsPerDay;
    if (rest < 0n) {
      rest += microsPerDay;
      days -= 1n;
    }
    const { text, isBc } = civilDate(Number(days));
    const time = Number(rest);
    const seconds = Math.floor(time / 1_000_000);
    const fraction = time % 1_000_000;
    const clock = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
    const fractionText = fraction === 0 ? '' : `.${pad(fraction, 6).replace(/0+$/, '')}`;
    return `${text} ${clock}${fractionText}${zone}${isBc ? ' BC' : ''}`;
  };
}

const numeric: BinaryFormatter = (bytes, start) => {
  const count = bytes.readInt16BE(start);
  const weight = bytes.readInt16BE(start + 2);
  const sign = bytes.readUInt16BE(start + 4);
  const scale = bytes.readUInt16BE(start + 6);
  if (sign === 0xc000) return 'NaN';
  if (sign === 0xd000) return 'Infinity';
  if (sign === 0xf000) return '-Infinity';
  const digit = (i: number) => (i >= 0 && i < count ? bytes.readInt16BE(start + 8 + 2 * i) : 0);
  let whole = '';
  for (let i = 0; i <= weight; i++) whole += i === 0 ? String(digit(i)) : pad(digit(i), 4);
  if (whole === '') whole = '0';
  let fraction = '';
  for (let i = weight + 1; fraction.length < scale; i++) fraction += pad(digit(i), 4);
  const text = scale > 0 ? `${whole}.${fraction.slice(0, scale)}` : whole;
  return sign === 0x4000 ? `-${text}` : text;
};

const uuid: BinaryFormatter = (bytes, start) => {
  const h = hex(bytes, start, start + 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const formatters = new Map<number, BinaryFormatter>([
  [16, (bytes, start) => (bytes[start] === 1 ? 't' : 'f')],
  [17, (bytes, start, end) => `\\x${hex(bytes, start, end)}`],
  [20, (bytes, start) => bytes.readBigInt64BE(start).toString()],
  [21, (bytes, start) => String(bytes.readInt16BE(start))],
  [23, (bytes, start) => String(bytes.readInt32BE(start))],
  [25, utf8],
  [114, utf8],
  [1042, utf8],
  [1043, utf8],
  [1082, date],
  [1114, timestamp('')],
  [1184, timestamp('+00')],
  [1700, numeric],
  [2950, uuid],
  // jsonb: a version byte (1), then the document as text.
  [3802, (bytes, start, end) => bytes.toString('utf8', start + 1, end)],
]);

/** Whether a column of type `oid` can travel as binary COPY (its binary form turns back into text). */
export function readsAsBinary(oid: number): boolean {
  return formatters.has(oid);
}

/** Types whose binary form is the text itself (in UTF-8): a value of them is written as its text. */
export function takesTextAsBinary(type: string): boolean {
  return /^(text|character varying(\(\d+\))?|character(\(\d+\))?|json|jsonb)$/.test(type);
}

/** One binary field (its bytes, without the length) as its text output, unescaped. */
export function binaryFieldText(oid: number, bytes: Buffer, start: number, end: number): string {
  const format = formatters.get(oid);
  if (format === undefined) throw new Error(`binary COPY: no text form for type ${oid}`);
  return format(bytes, start, end);
}

/**
 * Binary tuples as COPY text lines (escaped, one per tuple): what the same COPY in text format
 * would have sent, so that the row path parses them as always. Used for a batch that leaves
 * the lane, and for the checkpoint's last row.
 */
export function binaryToTextLines(oids: readonly number[], lines: CopyTextLines): CopyTextLines {
  const out: string[] = [];
  for (const chunk of lines.chunks) {
    let at = 0;
    while (at < chunk.length) {
      let position = at + 2;
      const fields: string[] = [];
      for (let f = 0; f < oids.length; f++) {
        const length = chunk.readInt32BE(position);
        position += 4;
        if (length < 0) {
          fields.push('\\N');
          continue;
        }
        fields.push(copyField(binaryFieldText(oids[f] as number, chunk, position, position + length)));
        position += length;
      }
      out.push(`${fields.join('\t')}\n`);
      at = position;
    }
  }
  return { chunks: [Buffer.from(out.join(''))], count: lines.count };
}
