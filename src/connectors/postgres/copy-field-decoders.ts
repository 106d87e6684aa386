import {
  losslessTypes,
  parseBytea,
  parseInt8,
  parseTime,
  parseTimestamp,
  parseTimestamptz,
} from './postgres-types.js';

/**
 * Turns one field of COPY's text format, already unescaped, into the value a query through
 * the driver would yield for its column (docs/decisions/0005). The field is the byte range
 * `[start, end)` of `bytes`; a decoder reads it in place, so most fields cost one string (or
 * none: numbers and booleans are read from the bytes).
 */
export type CopyFieldDecoder = (bytes: Buffer, start: number, end: number) => unknown;

const oids = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  xml: 142,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

/**
 * Node's own per-encoding slicers, which `toString(encoding, start, end)` dispatches to after
 * checking its arguments; the parser already knows the range is valid.
 */
interface Slicing {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
}
const slicing = Buffer.prototype as unknown as Slicing;
const hasSlicers = typeof slicing.utf8Slice === 'function' && typeof slicing.latin1Slice === 'function';

const utf8: CopyFieldDecoder = hasSlicers
  ? (bytes, start, end) => (bytes as unknown as Slicing).utf8Slice(start, end)
  : (bytes, start, end) => bytes.toString('utf8', start, end);
/** Types whose text output is ASCII: latin1 decoding is exact and cheaper. */
const ascii: CopyFieldDecoder = hasSlicers
  ? (bytes, start, end) => (bytes as unknown as Slicing).latin1Slice(start, end)
  : (bytes, start, end) => bytes.toString('latin1', start, end);

const timestampScratch = Buffer.alloc(27);

/**
 * timestamptz as a UTC session prints it (`2025-01-02 03:04:05.1234+00`), rearranged byte by
 * byte into what parseTimestamptz makes of it (`2025-01-02T03:04:05.123400Z`) without a regular
 * expression or intermediate strings; any other shape (offsets, BC, infinity, 5-digit years)
 * goes through parseTimestamptz itself.
 */
const timestamptz: CopyFieldDecoder = (bytes, start, end) => {
  const length = end - start;
  const hasFraction = bytes[start + 19] === 46;
  const isUtcShape =
    (length === 22 || (hasFraction && length > 23 && length <= 29)) &&
    bytes[start + 4] === 45 &&
    bytes[start + 7] === 45 &&
    bytes[start + 10] === 32 &&
    bytes[start + 13] === 58 &&
    bytes[start + 16] === 58 &&
    bytes[end - 3] === 43 &&
    bytes[end - 2] === 48 &&
    bytes[end - 1] === 48;
  if (!isUtcShape) return parseTimestamptz(ascii(bytes, start, end) as string);
  const out = timestampScratch;
  for (let i = 0; i < 19; i++) out[i] = bytes[start + i] as number;
  out[10] = 84; // T
  out[19] = 46; // .
  const digits = hasFraction ? length - 23 : 0;
  for (let i = 0; i < 6; i++) out[20 + i] = i < digits ? (bytes[start + 20 + i] as number) : 48;
  out[26] = 90; // Z
  return ascii(out, 0, 27);
};

/** Decimal digits with an optional sign, read from the bytes; anything else goes to `fallback`. */
function integer(fallback: (text: string) => unknown): CopyFieldDecoder {
  return (bytes, start, end) => {
    let i = start;
    const isNegative = bytes[i] === 45;
    if (isNegative) i++;
    // Up to 15 digits are exact in a double; longer numbers take the text path (int8).
    if (i === end || end - i > 15) return fallback(bytes.toString('latin1', start, end));
    let n = 0;
    for (; i < end; i++) {
      const digit = (bytes[i] as number) - 48;
      if (digit < 0 || digit > 9) return fallback(bytes.toString('latin1', start, end));
      n = n * 10 + digit;
    }
    return isNegative ? -n : n;
  };
}

const bool: CopyFieldDecoder = (bytes, start, end) => {
  if (end - start === 1) {
    if (bytes[start] === 116) return true;
    if (bytes[start] === 102) return false;
  }
  return textParser(oids.bool)(bytes.toString('latin1', start, end));
};

/** bytea in hex output (`\x00ff`): decoded straight from the bytes; the escape format via the driver. */
const bytea: CopyFieldDecoder = (bytes, start, end) => {
  if (bytes[start] === 92 && bytes[start + 1] === 120) {
    const decoded = new Uint8Array((end - start - 2) >> 1);
    Buffer.from(decoded.buffer, decoded.byteOffset, decoded.byteLength).write(
      bytes.toString('latin1', start + 2, end),
      'hex',
    );
    return decoded;
  }
  return parseBytea(bytes.toString('utf8', start, end));
};

function textParser(oid: number): (text: string) => unknown {
  return losslessTypes.getTypeParser(oid, 'text') as (text: string) => unknown;
}

function parsed(parse: (text: string) => unknown, decode: CopyFieldDecoder): CopyFieldDecoder {
  return (bytes, start, end) => parse(decode(bytes, start, end) as string);
}

const decoders = new Map<number, CopyFieldDecoder>([
  [oids.bool, bool],
  [oids.bytea, bytea],
  [oids.int2, integer(Number)],
  [oids.int4, integer(Number)],
  [oids.oid, integer(Number)],
  [oids.int8, integer(parseInt8)],
  [oids.float4, parsed(Number.parseFloat, ascii)],
  [oids.float8, parsed(Number.parseFloat, ascii)],
  [oids.numeric, ascii],
  [oids.date, ascii],
  [oids.time, parsed(parseTime, ascii)],
  [oids.timestamp, parsed(parseTimestamp, ascii)],
  [oids.timestamptz, timestamptz],
  [oids.json, parsed(JSON.parse, utf8)],
  [oids.jsonb, parsed(JSON.parse, utf8)],
  [oids.text, utf8],
  [oids.varchar, utf8],
  [oids.bpchar, utf8],
  [oids.name, utf8],
  [oids.char, utf8],
  [oids.uuid, ascii],
  [oids.xml, utf8],
]);

/**
 * How a decoder reads a field: `text` when its value is the field's text as UTF-8, `ascii`
 * when it is the field's text and the type only prints ASCII; undefined for the others. A
 * caller holding the bytes as a latin1 string may then slice it instead (for `text`, when the
 * field has no byte above 0x7f).
 */
export function decodesText(decode: CopyFieldDecoder): 'text' | 'ascii' | undefined {
  return decode === utf8 ? 'text' : decode === ascii ? 'ascii' : undefined;
}

/**
 * The decoder for a column of type `oid`: a direct one for the common types, else the text
 * parser the driver uses for that type (losslessTypes), so every type — arrays, intervals,
 * enums, ranges — yields exactly what a query would.
 */
export function copyFieldDecoder(oid: number): CopyFieldDecoder {
  const direct = decoders.get(oid);
  if (direct !== undefined) return direct;
  return parsed(textParser(oid), utf8);
}
