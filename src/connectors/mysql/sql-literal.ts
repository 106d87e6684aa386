import mysql from 'mysql2/promise';
import type { MysqlLiteral } from './to-mysql-value.js';

/**
 * A value as an SQL literal ('text' with backslash escapes, X'00ff', digits, NULL), by mysql2's
 * own escaping. Safe because every session runs without NO_BACKSLASH_ESCAPES, in utf8mb4.
 */
export function sqlLiteral(value: MysqlLiteral): string {
  return mysql.escape(value);
}
