import type { ConnectorDefinition } from '../../core/connector.js';
import { type MysqlConfig, mysqlConfig } from './mysql-config.js';
import { type MysqlSourceOptions, mysqlSourceOptions } from './mysql-source-options.js';
import { type MysqlTargetOptions, mysqlTargetModes, mysqlTargetOptions } from './mysql-target-options.js';

/**
 * MySQL 8 and MariaDB: keyset-paged reads (full or by cursor), multi-row transactional batch writes.
 * The definition holds only the option schemas; mysql2 and its helpers load when a system is
 * first opened, so a project without MySQL never loads the driver (start-up time and memory).
 */
export const mysql: ConnectorDefinition<MysqlConfig, MysqlSourceOptions, MysqlTargetOptions> = {
  kind: 'mysql',
  summary:
    'MySQL 8 or MariaDB database: read a table or view, write a table (insert, upsert, update, delete).',
  config: mysqlConfig,
  source: {
    options: mysqlSourceOptions,
    // A cursor column is what lets a run continue after the last one; without it, a full read.
    isIncremental: (options) => options.cursor !== undefined,
    open: async (context, options) => (await import('./mysql-source.js')).openMysqlSource(context, options),
  },
  target: {
    options: mysqlTargetOptions,
    modes: mysqlTargetModes,
    open: async (context, options) => (await import('./mysql-target.js')).openMysqlTarget(context, options),
  },
  discover: async (context, request) => (await import('./discover-mysql.js')).discoverMysql(context, request),
  // Opening a pool already makes one round trip with the login; closing it ends the check.
  ping: async (context) =>
    (await (await import('./open-mysql-pool.js')).openMysqlPool(context, 'read')).close(),
};
