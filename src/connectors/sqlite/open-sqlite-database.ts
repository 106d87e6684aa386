import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { OpenContext } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { SqliteConfig } from './sqlite-config.js';
import { toSqliteError } from './sqlite-error.js';

/**
 * Opens the system's database file. Sources open it read-only, so a flow can never change
 * the system it reads from; targets switch to WAL with synchronous=FULL so each committed
 * batch survives a power cut. syncline never creates the file: a missing one is a typo.
 */
export function openSqliteDatabase(
  context: OpenContext<SqliteConfig>,
  access: 'read' | 'write',
): Database.Database {
  const path = resolve(context.baseDir, context.config.path);
  if (!existsSync(path)) {
    throw new IntegrationError(`System "${context.system}": SQLite database ${path} does not exist`, {
      kind: 'config',
      code: 'sqlite-not-found',
      hint: `Check connection.path of system "${context.system}" (relative to the spec file's folder).`,
    });
  }
  try {
    const db = new Database(path, {
      readonly: access === 'read',
      fileMustExist: true,
      timeout: context.config.busyTimeout,
    });
    if (access === 'write') {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`foreign_keys = ${context.config.foreignKeys ? 'ON' : 'OFF'}`);
    }
    return db;
  } catch (error) {
    throw toSqliteError(error, `System "${context.system}": cannot open ${path}`, 'read');
  }
}
