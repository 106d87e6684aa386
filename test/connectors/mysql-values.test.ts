import { describe, expect, it } from 'vitest';
import { parseJsonExact, stringifyJsonExact } from '../../src/connectors/json-exact.js';
import { columnLiteral, quoteText } from '../../src/connectors/mysql/column-literal.js';
import { keysetQuery } from '../../src/connectors/mysql/keyset-query.js';
import { fromMysqlDatetime, toMysqlDatetime } from '../../src/connectors/mysql/mysql-datetime.js';
import { sqlLiteral } from '../../src/connectors/mysql/sql-literal.js';
import { type MysqlLiteral, toMysqlValue } from '../../src/connectors/mysql/to-mysql-value.js';
import { isIssue } from '../../src/core/issue.js';

describe('mysql values: JSON without losing big integers', () => {
  it('parses unsafe integers as bigint and everything else as JSON.parse does', () => {
    expect(
      parseJsonExact('{"a":9007199254740993,"b":[-9223372036854775808, 1.5e300, 12345678901234567.5]}'),
    ).toEqual({
      a: 9007199254740993n,
      // A fraction stays a double, as JSON means it.
      b: [-9223372036854775808n, 1.5e300, Number('12345678901234567.5')],
    });
    for (const text of [
      '{"s":"a\\"b\\\\c\\u00e9 1234567890123456789","n":null,"t":true,"f":false,"e":[],"o":{}}',
      '"x"',
      '42',
    ]) {
      expect(parseJsonExact(`[${text}, 9999999999999999]`)).toEqual([JSON.parse(text), 9999999999999999n]);
    }
    const proto = parseJsonExact('{"__proto__": {"polluted": 1}, "n": 12345678901234567}') as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(['__proto__', 'n']);
    expect(() => parseJsonExact('{"a": 12345678901234567,}')).toThrow(SyntaxError);
    expect(() => parseJsonExact('"raw\ncontrol 1234567890123456"')).toThrow(SyntaxError);
  });

  it('serialises bigint as bare digits, dropping undefined members as JSON.stringify does', () => {
    expect(
      stringifyJsonExact({ a: 9007199254740993n, b: [1, undefined, 'é'], c: undefined, d: new Date(0) }),
    ).toBe('{"a":9007199254740993,"b":[1,null,"é"],"d":"1970-01-01T00:00:00.000Z"}');
    expect(stringifyJsonExact('just a string')).toBe('"just a string"');
    expect(stringifyJsonExact(undefined)).toBeUndefined();
  });
});

describe('mysql values: DATETIME and TIMESTAMP text', () => {
  it('turns server text into 0005 ISO strings, keeping the digits', () => {
    expect(fromMysqlDatetime('2025-01-02 03:04:05.123456', false)).toBe('2025-01-02T03:04:05.123456');
    expect(fromMysqlDatetime('2025-01-02 03:04:05', true)).toBe('2025-01-02T03:04:05Z');
  });

  it('turns ISO strings into server text in UTC, with the fraction untouched', () => {
    expect(toMysqlDatetime('2025-01-02T03:04:05.123456Z')).toBe('2025-01-02 03:04:05.123456');
    expect(toMysqlDatetime('2025-01-02T03:04:05.123456')).toBe('2025-01-02 03:04:05.123456');
    expect(toMysqlDatetime('2025-01-02T01:30:00.000001+02:00')).toBe('2025-01-01 23:30:00.000001');
    expect(toMysqlDatetime('2024-12-31T23:30:00-0130')).toBe('2025-01-01 01:00:00');
    expect(toMysqlDatetime('0999-01-01T00:30:00+01:00')).toBe('0998-12-31 23:30:00');
    expect(toMysqlDatetime('2025-01-02 03:04')).toBe('2025-01-02 03:04:00');
    expect(toMysqlDatetime('02/01/2025')).toBeUndefined();
  });

  it('converts per column: ISO into DATETIME, JSON serialised even for strings, NaN refused', () => {
    const datetime = { name: 'at', dataType: 'datetime', isJson: false };
    const json = { name: 'doc', dataType: 'longtext', isJson: true };
    const text = { name: 't', dataType: 'varchar', isJson: false };
    expect(toMysqlValue('2025-01-02T03:04:05Z', datetime)).toBe('2025-01-02 03:04:05');
    expect(toMysqlValue('2025-01-02T03:04:05Z', text)).toBe('2025-01-02T03:04:05Z');
    expect(toMysqlValue('a', json)).toBe('"a"');
    expect(toMysqlValue({ n: 1n }, json)).toBe('{"n":1}');
    expect(toMysqlValue(9007199254740993n, text)).toBe(9007199254740993n);
    expect(Buffer.isBuffer(toMysqlValue(Uint8Array.from([1]), text))).toBe(true);
    const int = { name: 'n', dataType: 'bigint', isJson: false };
    const decimal = { name: 'd', dataType: 'decimal', isJson: false };
    expect(toMysqlValue('9007199254740993', int)).toBe(9007199254740993n);
    expect(toMysqlValue('abc', int)).toBe('abc');
    expect(sqlLiteral(toMysqlValue('12345678901234567.89', decimal) as MysqlLiteral)).toBe(
      '12345678901234567.89',
    );
    expect(sqlLiteral(toMysqlValue("1.5'; DROP TABLE t; --", decimal) as MysqlLiteral)).toBe(
      "'1.5\\'; DROP TABLE t; --'",
    );
    const nan = toMysqlValue(Number.NaN, text);
    expect(isIssue(nan) && nan.code).toBe('invalid-value');
  });
});

describe('mysql values: the write path literals', () => {
  it('quotes text, escaping only what could end the literal or be misread', () => {
    expect(quoteText('Bjørn "B" Hansen\t')).toBe('\'Bjørn "B" Hansen\t\'');
    expect(quoteText("O'Brien \\ a\nb\rc\0d\x1ae")).toBe("'O\\'Brien \\\\ a\\nb\\rc\\0d\\Ze'");
  });

  it('turns the usual ISO form into server text without the pattern, and leaves the rest to it', () => {
    const cases = [
      '2025-01-02T03:04:05.123456Z',
      '2025-01-02T03:04:05.123456789z',
      '2025-01-02 03:04:05',
      '2025-01-02T03:04:05Z',
      '2025-01-02T03:04:05.1',
      '2025-01-02T03:04:05.1234567890Z',
      '2025-01-02T03:04:05.Z',
      '2025-01-02t03:04:05Z',
      '2025-01-02T03:04:05 Z',
      '2025-1-02T03:04:05Z',
      '2025-01-02T03:04:0x',
    ];
    expect(cases.map(toMysqlDatetime)).toEqual([
      '2025-01-02 03:04:05.123456',
      '2025-01-02 03:04:05.123456789',
      '2025-01-02 03:04:05',
      '2025-01-02 03:04:05',
      '2025-01-02 03:04:05.1',
      undefined,
      undefined,
      undefined,
      '2025-01-02 03:04:05',
      undefined,
      undefined,
    ]);
  });

  it('gives the literal of toMysqlValue and mysql2 for every kind of value, or the same issue', () => {
    const kinds = [
      { name: 'at', dataType: 'datetime', isJson: false },
      { name: 'doc', dataType: 'json', isJson: true },
      { name: 'amount', dataType: 'decimal', isJson: false },
      { name: 'n', dataType: 'bigint', isJson: false },
      { name: 't', dataType: 'varchar', isJson: false },
    ];
    const values = [
      null,
      undefined,
      'plain',
      "it's \\ \n",
      '2025-01-02T03:04:05.123456Z',
      '2025-01-02T01:30:00+02:00',
      '12.50',
      '9007199254740993',
      '1e5',
      42,
      -1.5,
      Number.NaN,
      10n ** 20n,
      true,
      new Date('2024-05-06T07:08:09.123Z'),
      Uint8Array.from([0, 39, 92]),
      { a: [1, 'é'], s: 'q\'"' },
      { big: 9007199254740993n },
      [1, undefined, null],
      { toSqlString: () => 'x' },
    ];
    // Compared as the server reads them: mysql2 also escapes `"`, tab and backspace.
    const asRead = (literal: string) =>
      literal.replace(
        /\\(.)/g,
        (_, c: string) => ({ 0: '\0', n: '\n', r: '\r', Z: '\x1a', b: '\b', t: '\t' })[c] ?? c,
      );
    for (const kind of kinds) {
      const literal = columnLiteral(kind);
      for (const value of values) {
        const general = toMysqlValue(value, kind);
        const fast = literal(value);
        if (isIssue(general)) expect(fast).toEqual(general);
        else expect(asRead(fast as string)).toBe(asRead(sqlLiteral(general)));
      }
    }
  });
});

describe('mysql keyset query', () => {
  it('spells the position out so that MariaDB can seek by the index', () => {
    const query = keysetQuery('t', ['c', 'a', 'b'], ['x = 1 -- a comment?']);
    expect(query.first(11)).toBe(
      'SELECT * FROM `t` WHERE (\nx = 1 -- a comment?\n) ORDER BY `c`, `a`, `b` LIMIT 11',
    );
    expect(query.after(["'c'", '2', "X'03'"], 11)).toBe(
      "SELECT * FROM `t` WHERE `c` >= 'c' AND (`c` > 'c' OR (`c` = 'c' AND (`a` > 2 OR (`a` = 2 AND `b` > X'03')))) AND (\nx = 1 -- a comment?\n) ORDER BY `c`, `a`, `b` LIMIT 11",
    );
    expect(keysetQuery('t', ['id'], []).after(['5'], 3)).toBe(
      'SELECT * FROM `t` WHERE `id` > 5 ORDER BY `id` LIMIT 3',
    );
  });
});
