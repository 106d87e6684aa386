import type { ConnectorDefinition } from '../../core/connector.js';
import { discoverSqlite } from './discover-sqlite.js';
import { type SqliteConfig, sqliteConfig } from './sqlite-config.js';
import { openSqliteSource, type SqliteSourceOptions, sqliteSourceOptions } from './sqlite-source.js';
import {
  openSqliteTarget,
  type SqliteTargetOptions,
  sqliteTargetModes,
  sqliteTargetOptions,
} from './sqlite-target.js';

/** SQLite database files: keyset-paged reads (full or by cursor), transactional batch writes. */
export const sqlite: ConnectorDefinition<SqliteConfig, SqliteSourceOptions, SqliteTargetOptions> = {
  kind: 'sqlite',
  summary: 'SQLite database file: read a table or view, write a table (insert, upsert, update, delete).',
  config: sqliteConfig,
  source: {
    options: sqliteSourceOptions,
    // A cursor column is what lets a run continue after the last one; without it, a full read.
    isIncremental: (options) => options.cursor !== undefined,
    open: openSqliteSource,
  },
  target: { options: sqliteTargetOptions, modes: sqliteTargetModes, open: openSqliteTarget },
  discover: discoverSqlite,
};
