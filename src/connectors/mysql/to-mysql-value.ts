import { type Issue, recordIssue } from '../../core/issue.js';
import { stringifyJsonExact } from '../json-exact.js';
import { toMysqlDatetime } from './mysql-datetime.js';

/** What a column's type means for the values written to it. */
export interface ColumnKind {
  readonly name: string;
  /** information_schema DATA_TYPE, lower case: int, varchar, datetime, json, ... */
  readonly dataType: string;
  /** JSON, including MariaDB's LONGTEXT with a json_valid check. */
  readonly isJson: boolean;
}

/** An exact numeric literal, written as it is (the text is checked to be digits). */
export interface ExactNumber {
  toSqlString(): string;
}

/** What the SQL formatter (mysql2's escape) turns into a literal. */
export type MysqlLiteral = string | number | bigint | Buffer | ExactNumber | null;

const integerTypes = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const decimalTypes = new Set(['decimal', 'numeric']);
const integerText = /^[+-]?\d+$/;
const decimalText = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A 0005 value as the literal for a column: decimals and big integers stay exact text, ISO
 * timestamps become the server's form (in UTC), JSON is serialised, binary is a Buffer view.
 * Returns an Issue for a value no column can take (NaN, an invalid Date).
 */
export function toMysqlValue(value: unknown, column: ColumnKind): MysqlLiteral | Issue {
  if (value === null || value === undefined) return null;
  if (column.isJson) {
    // 0005: a json value is the parsed value, so a string is a JSON string, not JSON text.
    const text = stringifyJsonExact(value);
    return text === undefined ? invalid(column, `${typeof value} has no JSON form`) : text;
  }
  switch (typeof value) {
    case 'string':
      if (isDatetime(column)) return toMysqlDatetime(value) ?? value;
      // A quoted number compared with a numeric column is compared as a double (MySQL 8), which
      // can match the wrong row beyond 2^53 or 15 digits: digits for a number column go bare.
      if (integerTypes.has(column.dataType) && integerText.test(value)) return BigInt(value);
      if (decimalTypes.has(column.dataType) && decimalText.test(value)) return { toSqlString: () => value };
      return value;
    case 'number':
      return Number.isFinite(value) ? value : invalid(column, `${value} cannot be stored`);
    case 'bigint':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    default:
      break;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return invalid(column, 'the date is invalid');
    const iso = value.toISOString();
    return isDatetime(column) ? (toMysqlDatetime(iso) ?? iso) : iso;
  }
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
    return stringifyJsonExact(value) ?? null;
  }
  // An exact-decimal object (decimal.js) or the like: its text is its value.
  return String(value);
}

function isDatetime(column: ColumnKind): boolean {
  return column.dataType === 'datetime' || column.dataType === 'timestamp';
}

function invalid(column: ColumnKind, reason: string): Issue {
  return recordIssue('invalid-value', column.name, `Column "${column.name}": ${reason}`, { stage: 'write' });
}
