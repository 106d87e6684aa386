import { type Issue, isIssue } from '../../core/issue.js';
import { toMysqlDatetime } from './mysql-datetime.js';
import { sqlLiteral } from './sql-literal.js';
import { type ColumnKind, toMysqlValue } from './to-mysql-value.js';

/** A value as the SQL literal its column gets, or the Issue that keeps it out. */
export type ColumnLiteral = (value: unknown) => string | Issue;

const integerTypes = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const decimalTypes = new Set(['decimal', 'numeric']);
const decimalText = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * The write path's literal maker for one column, chosen once per column: the values a flow
 * usually carries (text, finite numbers, ISO timestamps, decimal text, JSON documents) go
 * straight to their literal; anything else goes through `toMysqlValue` and `sqlLiteral`, which
 * give the same literal for those values too. The per-value dispatch and mysql2's general
 * escaping cost more client CPU than the server needs to store the row (decision 0048).
 */
export function columnLiteral(column: ColumnKind): ColumnLiteral {
  const general: ColumnLiteral = (value) => {
    const converted = toMysqlValue(value, column);
    return isIssue(converted) ? converted : sqlLiteral(converted);
  };
  if (column.isJson) {
    return (value) => {
      const text = isPlainDocument(value) ? jsonText(value) : undefined;
      return text === undefined ? general(value) : quoteText(text);
    };
  }
  if (column.dataType === 'datetime' || column.dataType === 'timestamp') {
    return (value) =>
      typeof value === 'string' ? quoteText(toMysqlDatetime(value) ?? value) : general(value);
  }
  if (decimalTypes.has(column.dataType)) {
    return (value) =>
      typeof value === 'string' && decimalText.test(value) ? value : finiteNumber(value, general);
  }
  // Digits for an integer column go bare as bigint (see toMysqlValue): left to the general path.
  if (integerTypes.has(column.dataType)) return (value) => finiteNumber(value, general);
  return (value) => (typeof value === 'string' ? quoteText(value) : finiteNumber(value, general));
}

function finiteNumber(value: unknown, general: ColumnLiteral): string | Issue {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : general(value);
}

// NUL and ^Z (0x1a) are the control characters that must be escaped in a literal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const needsEscape = /[\0\n\r\x1a'\\]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const escapable = /[\0\n\r\x1a'\\]/g;
const escapes: Readonly<Record<string, string>> = {
  '\0': '\\0',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  "'": "\\'",
  '\\': '\\\\',
};

/**
 * Text as a quoted literal. Only what could end the literal or be misread in transit is
 * escaped (quote, backslash, NUL, line breaks, ^Z): unlike mysql2, a `"` stays as it is, so the
 * usual JSON document needs no escaping pass. Safe for the same reason as sqlLiteral: sessions
 * run in utf8mb4 without NO_BACKSLASH_ESCAPES.
 */
export function quoteText(text: string): string {
  if (!needsEscape.test(text)) return `'${text}'`;
  return `'${text.replace(escapable, (char) => escapes[char] as string)}'`;
}

/** A JSON object or array as JSON.parse or a source builds it (no class instance at the top). */
function isPlainDocument(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  return Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * JSON text by V8's own serialiser, which gives stringifyJsonExact's text for any document
 * without a bigint; a bigint makes it throw, and undefined sends the value the general way.
 */
function jsonText(value: object): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
