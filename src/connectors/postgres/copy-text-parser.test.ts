import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../core/row.js';
import { copyFieldDecoder } from './copy-field-decoders.js';
import { type CopyColumn, copyTextParser } from './copy-text-parser.js';
import { parseTimestamptz } from './postgres-types.js';
import { copyField } from './postgres-values.js';

const text: CopyColumn['decode'] = (bytes, start, end) => bytes.toString('utf8', start, end);
const columns = (...names: string[]): CopyColumn[] => names.map((name) => ({ name, decode: text }));

/** Feeds `input` to a parser in the given chunk sizes and returns the rows. */
function parse(cols: readonly CopyColumn[], input: Buffer, cuts: readonly number[] = []): Row[] {
  const parser = copyTextParser(cols, () => 'the test');
  const rows: Row[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.write(input.subarray(at, cut), rows);
    at = cut;
  }
  parser.write(input.subarray(at), rows);
  parser.end();
  return rows;
}

describe('copyTextParser', () => {
  it('decodes NULL, empty fields and every escape COPY knows', () => {
    const input = Buffer.from(
      [
        'a\\tb\t\\N\t\n',
        '\\\\N\t\\b\\f\\n\\r\\v\\\\\t\\101\\x42\\7\\xz\\q\n',
        '\\303\\251\t\\\\x41\t\\x4\n',
      ].join(''),
    );
    expect(parse(columns('x', 'y', 'z'), input)).toEqual([
      { x: 'a\tb', y: null, z: '' },
      { x: '\\N', y: '\b\f\n\r\v\\', z: 'AB\u0007xzq' },
      // Octal escapes are bytes: two of them make one UTF-8 character.
      { x: 'é', y: '\\x41', z: '\u0004' },
    ]);
  });

  it('yields the same rows wherever the chunks are cut, also inside a UTF-8 character or an escape', () => {
    const field = fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\u0000', '')),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, cuts) => {
          const input = Buffer.from(rows.map(([a, b]) => `${copyField(a)}\t${copyField(b)}\n`).join(''));
          const parsed = parse(
            columns('a', 'b'),
            input,
            cuts.map((c) => c % (input.length + 1)),
          );
          expect(parsed).toEqual(rows.map(([a, b]) => ({ a, b })));
        },
      ),
    );
  });

  it('refuses a line with too few or too many fields, and a last line without its end', () => {
    expect(() => parse(columns('a', 'b'), Buffer.from('1\n'))).toThrow(/fewer than 2 fields/);
    expect(() => parse(columns('a', 'b'), Buffer.from('1\t2\t3\n'))).toThrow(/more than 2 fields/);
    expect(() => parse(columns('a'), Buffer.from('1\n2'))).toThrow(/no end/);
  });
});

describe('copyFieldDecoder', () => {
  const decode = (oid: number, value: string) => {
    const bytes = Buffer.from(`..${value}..`);
    return copyFieldDecoder(oid)(bytes, 2, bytes.length - 2);
  };

  it('reads integers from bytes as the driver would, and int8 past 2^53 as bigint', () => {
    for (const value of ['0', '-1', '2147483647', '-2147483648', '32767'])
      expect(decode(23, value)).toBe(Number.parseInt(value, 10));
    expect(decode(20, '-999999999999999')).toBe(-999999999999999);
    expect(decode(20, '9007199254740991')).toBe(9007199254740991);
    expect(decode(20, '9007199254740993')).toBe(9007199254740993n);
    expect(decode(20, '-9223372036854775808')).toBe(-9223372036854775808n);
  });

  it('decodes timestamptz exactly as parseTimestamptz does, for every shape', () => {
    const shapes = fc
      .tuple(
        fc.integer({ min: 1, max: 12000 }),
        fc.integer({ min: 0, max: 1e6 - 1 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom('+00', '+05:30', '-08', ' BC', '+00 BC', ''),
      )
      .map(([year, micros, digits, zone]) => {
        const fraction = digits === 0 ? '' : `.${String(micros).padStart(6, '0').slice(0, digits)}`;
        return `${String(year).padStart(4, '0')}-02-28 23:59:59${fraction}${zone}`;
      });
    fc.assert(
      fc.property(shapes, (value) => {
        expect(decode(1184, value)).toBe(parseTimestamptz(value));
      }),
    );
    expect(decode(1184, '2024-01-02 03:04:05.1234+00')).toBe('2024-01-02T03:04:05.123400Z');
    expect(decode(1184, 'infinity')).toBe('infinity');
  });

  it('decodes bool, bytea and JSON, and other types through the driver parser', () => {
    expect(decode(16, 't')).toBe(true);
    expect(decode(16, 'f')).toBe(false);
    expect(decode(17, '\\x00ff')).toEqual(new Uint8Array([0, 255]));
    expect(decode(17, '\\x')).toEqual(new Uint8Array([]));
    expect(decode(3802, '{"a": [1, "é"]}')).toEqual({ a: [1, 'é'] });
    expect(decode(1016, '{1,9223372036854775807,NULL}')).toEqual([1, 9223372036854775807n, null]);
    expect(decode(1700, '-0.000001')).toBe('-0.000001');
  });
});
