import type { ConnectorDefinition } from '../../core/connector.js';
import { type SqliteConfig, sqliteConfig } from './sqlite-config.js';
import { type SqliteSourceOptions, sqliteSourceOptions } from './sqlite-source-options.js';
import { type SqliteTargetOptions, sqliteTargetModes, sqliteTargetOptions } from './sqlite-target-options.js';

/**
 * SQLite database files: keyset-paged reads (full or by cursor), transactional batch writes.
 * The definition holds only the option schemas; better-sqlite3 and its helpers load on first use.
 */
export const sqlite: ConnectorDefinition<SqliteConfig, SqliteSourceOptions, SqliteTargetOptions> = {
  kind: 'sqlite',
  summary: 'SQLite database file: read a table or view, write a table (insert, upsert, update, delete).',
  config: sqliteConfig,
  source: {
    options: sqliteSourceOptions,
    // A cursor column is what lets a run continue after the last one; without it, a full read.
    isIncremental: (options) => options.cursor !== undefined,
    open: async (context, options) => (await import('./sqlite-source.js')).openSqliteSource(context, options),
  },
  target: {
    options: sqliteTargetOptions,
    modes: sqliteTargetModes,
    open: async (context, options) => (await import('./sqlite-target.js')).openSqliteTarget(context, options),
  },
  discover: async (context, request) =>
    (await import('./discover-sqlite.js')).discoverSqlite(context, request),
};
