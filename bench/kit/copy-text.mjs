// PostgreSQL COPY text format, for the hand-written baselines: split a byte stream into rows,
// decode a field, encode a value. Fields are tab-separated, NULL is \N, and backslash escapes
// stand for backslash, tab, newline and carriage return.
import { Transform } from 'node:stream';

/** A stream of Buffers in, arrays of raw (still escaped) field strings out, one per row. */
export function copyRows() {
  let rest = '';
  return new Transform({
    readableObjectMode: true,
    transform(chunk, _encoding, done) {
      const text = rest + chunk.toString('utf8');
      const lines = text.split('\n');
      rest = lines.pop();
      for (const line of lines) this.push(line.split('\t'));
      done();
    },
    flush(done) {
      if (rest !== '') this.push(rest.split('\t'));
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
