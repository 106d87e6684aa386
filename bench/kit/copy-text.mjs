// PostgreSQL COPY text format, for the hand-written baselines: split a byte stream into rows,
// decode a field, encode a value. Fields are tab-separated, NULL is \N, and backslash escapes
// stand for backslash, tab, newline and carriage return.
import { Transform } from 'node:stream';

/** A stream of Buffers in, arrays of raw (still escaped) field strings out, one per row. */
export function copyRows() {
  let rest = Buffer.alloc(0);
  return new Transform({
    readableObjectMode: true,
    transform(chunk, _encoding, done) {
      // Cut at the last newline byte, so a character split between chunks is never decoded.
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      const end = bytes.lastIndexOf(10);
      rest = bytes.subarray(end + 1);
      if (end >= 0)
        for (const line of bytes.toString('utf8', 0, end).split('\n')) this.push(line.split('\t'));
      done();
    },
    flush(done) {
      if (rest.length > 0) this.push(rest.toString('utf8').split('\t'));
      done();
    },
  });
}

const unescapes = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };
export const decode = (field) =>
  field === '\\N'
    ? null
    : field.includes('\\')
      ? field.replace(/\\(.)/g, (_, c) => unescapes[c] ?? c)
      : field;

const escapes = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
export const encode = (value) =>
  value === null ? '\\N' : String(value).replace(/[\\\t\n\r]/g, (c) => escapes[c]);
