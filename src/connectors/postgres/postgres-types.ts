import pg from 'pg';

/**
 * Lossless text parsers for node-postgres (docs/decisions/0005). The driver's defaults turn
 * timestamptz/timestamp/date into a millisecond `Date` (losing microseconds and, for date and
 * timestamp, shifting by the local zone), int8 into a string and numeric[] into floats. These
 * parsers live in a per-pool `types` object, never in pg's global registry, so nothing else in
 * the process (another library, the state store) changes behaviour.
 *
 * Sessions run with TimeZone=UTC (see open-postgres-pool.ts), so timestamptz arrives as
 * `2025-01-02 03:04:05.123456+00`; other offsets are still converted, in case a pooler drops
 * the startup option.
 */

const oids = {
  bool: 16,
  bytea: 17,
  int8: 20,
  json: 114,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
  interval: 1186,
  intervalArray: 1187,
  boolArray: 1000,
  byteaArray: 1001,
  int8Array: 1016,
  timestampArray: 1115,
  dateArray: 1182,
  timeArray: 1183,
  timestamptzArray: 1185,
  numericArray: 1231,
} as const;

type Parser = (text: string) => unknown;

/** int8: a number while it is a safe integer, a bigint beyond. */
export function parseInt8(text: string): number | bigint {
  if (text.length < 16) return Number(text);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** Microseconds always as 6 digits, so equal instants are equal strings whatever the source printed. */
function sixDigits(fraction: string | undefined): string {
  return (fraction ?? '').padEnd(6, '0').slice(0, 6);
}

const timestampPattern =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

/** `2025-01-02 03:04:05.1234+00` -> `2025-01-02T03:04:05.123400Z`; infinity and BC dates stay as printed. */
export function parseTimestamptz(text: string): string {
  const m = timestampPattern.exec(text);
  if (m === null) return text;
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os] = m;
  const offsetSeconds = sign === undefined ? 0 : Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0);
  if (offsetSeconds === 0) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${sixDigits(fraction)}Z`;
  const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  // Date.UTC maps years 0-99 to 1900-1999; timestamps that old with an offset are not worth it.
  if (Number(y) < 100) return text;
  const utc = new Date(local - (sign === '-' ? -offsetSeconds : offsetSeconds) * 1000);
  return `${utc.toISOString().slice(0, 19)}.${sixDigits(fraction)}Z`;
}

/** `2025-01-02 03:04:05.5` -> `2025-01-02T03:04:05.500000`. */
export function parseTimestamp(text: string): string {
  const m = /^(\d{4,}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(text);
  return m === null ? text : `${m[1]}T${m[2]}.${sixDigits(m[3])}`;
}

/** `03:04:05.5` -> `03:04:05.500000`. */
export function parseTime(text: string): string {
  const m = /^(\d\d:\d\d:\d\d)(?:\.(\d+))?$/.exec(text);
  return m === null ? text : `${m[1]}.${sixDigits(m[2])}`;
}

/** bytea in hex output format (`\x00ff`), the server default since 9.0. */
export function parseBytea(text: string): Uint8Array {
  if (text.startsWith('\\x')) return new Uint8Array(Buffer.from(text.slice(2), 'hex'));
  // bytea_output = escape: let the driver's parser decode it, then drop the Buffer class.
  const decoded = pg.types.getTypeParser(oids.bytea, 'text')(text) as Buffer;
  return new Uint8Array(decoded);
}

const identity: Parser = (text) => text;

/** pg-types 2's runtime shape; its bundled typings describe a plain function instead. */
const arrayParser = pg.types.arrayParser as unknown as {
  create(source: string, transform: (element: string | null) => unknown): { parse(): unknown[] };
};

function arrayOf(parse: Parser): Parser {
  return (text) => arrayParser.create(text, (element) => (element === null ? null : parse(element))).parse();
}

const parsers = new Map<number, Parser>([
  [oids.int8, parseInt8],
  [oids.numeric, identity],
  [oids.date, identity],
  [oids.time, parseTime],
  [oids.timestamp, parseTimestamp],
  [oids.timestamptz, parseTimestamptz],
  [oids.bytea, parseBytea],
  // The driver makes an object of a class of its own; the text is what the server means.
  [oids.interval, identity],
  [oids.intervalArray, arrayOf(identity)],
  [oids.int8Array, arrayOf(parseInt8)],
  [oids.numericArray, arrayOf(identity)],
  [oids.dateArray, arrayOf(identity)],
  [oids.timeArray, arrayOf(parseTime)],
  [oids.timestampArray, arrayOf(parseTimestamp)],
  [oids.timestamptzArray, arrayOf(parseTimestamptz)],
  [oids.byteaArray, arrayOf(parseBytea)],
]);

/** The `types` option for pg.Pool / pg-cursor: lossless parsers first, the driver's for the rest. */
export const losslessTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      const parser = parsers.get(oid);
      if (parser !== undefined) return parser;
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
