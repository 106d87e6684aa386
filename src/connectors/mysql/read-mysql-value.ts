import type { TypeCast } from 'mysql2';
import { parseJsonExact } from '../json-exact.js';
import { fromMysqlDatetime } from './mysql-datetime.js';

/**
 * mysql2's per-column conversion, installed on every pool so that each value arrives in the
 * 0005 convention (the driver defaults lose precision: DATETIME as Date, big JSON integers as
 * doubles). It runs on the text protocol with supportBigNumbers and dateStrings, where the
 * driver hands over the server's own text for DECIMAL, DATETIME, TIMESTAMP and TIME.
 */
export const readMysqlValue: TypeCast = (field, next) => {
  // MariaDB's JSON is LONGTEXT marked json in its extended metadata; MySQL's has its own type.
  if (field.type === 'JSON' || field.extendedFormat === 'json') {
    const text = field.string('utf8');
    return text === null ? null : parseJsonExact(text);
  }
  const value = next();
  if (value === null) return null;
  switch (field.type) {
    case 'LONGLONG':
      // supportBigNumbers without bigNumberStrings: a number when safe, the exact digits otherwise.
      return typeof value === 'string' ? BigInt(value) : value;
    case 'DATETIME':
      return fromMysqlDatetime(value as string, false);
    case 'TIMESTAMP':
      return fromMysqlDatetime(value as string, true);
    default:
      // Binary columns (BLOB, VARBINARY, BIT): a copy, so no row keeps the packet buffer alive.
      return Buffer.isBuffer(value) ? new Uint8Array(value) : value;
  }
};
