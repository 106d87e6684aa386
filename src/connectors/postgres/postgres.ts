import type { ConnectorDefinition } from '../../core/connector.js';
import { discoverPostgres } from './discover-postgres.js';
import { type PostgresConfig, postgresConfig } from './postgres-config.js';
import { openPostgresSource, type PostgresSourceOptions, postgresSourceOptions } from './postgres-source.js';
import {
  openPostgresTarget,
  type PostgresTargetOptions,
  postgresTargetModes,
  postgresTargetOptions,
} from './postgres-target.js';

/** PostgreSQL: keyset or cursor reads (full or by cursor column), set-based batch writes with COPY. */
export const postgres: ConnectorDefinition<PostgresConfig, PostgresSourceOptions, PostgresTargetOptions> = {
  kind: 'postgres',
  summary:
    'PostgreSQL database: read a table, view or query (full or incremental by a cursor column); write a table (insert, upsert, update, delete) with COPY for large batches.',
  config: postgresConfig,
  source: {
    options: postgresSourceOptions,
    // A cursor column is what lets a run continue after the last one; without it, a full read.
    isIncremental: (options) => options.cursor !== undefined,
    open: openPostgresSource,
  },
  target: { options: postgresTargetOptions, modes: postgresTargetModes, open: openPostgresTarget },
  discover: discoverPostgres,
};
