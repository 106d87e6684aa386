import type { ConnectorDefinition } from '../../core/connector.js';
import { discoverMysql } from './discover-mysql.js';
import { type MysqlConfig, mysqlConfig } from './mysql-config.js';
import { type MysqlSourceOptions, mysqlSourceOptions, openMysqlSource } from './mysql-source.js';
import {
  type MysqlTargetOptions,
  mysqlTargetModes,
  mysqlTargetOptions,
  openMysqlTarget,
} from './mysql-target.js';

/** MySQL 8 and MariaDB: keyset-paged reads (full or by cursor), multi-row transactional batch writes. */
export const mysql: ConnectorDefinition<MysqlConfig, MysqlSourceOptions, MysqlTargetOptions> = {
  kind: 'mysql',
  summary:
    'MySQL 8 or MariaDB database: read a table or view, write a table (insert, upsert, update, delete).',
  config: mysqlConfig,
  source: {
    options: mysqlSourceOptions,
    // A cursor column is what lets a run continue after the last one; without it, a full read.
    isIncremental: (options) => options.cursor !== undefined,
    open: openMysqlSource,
  },
  target: { options: mysqlTargetOptions, modes: mysqlTargetModes, open: openMysqlTarget },
  discover: discoverMysql,
};
