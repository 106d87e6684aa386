import type { ConnectorDefinition } from '../../core/connector.js';
import { type PostgresConfig, postgresConfig } from './postgres-config.js';
import { type PostgresSourceOptions, postgresSourceOptions } from './postgres-source-options.js';
import {
  type PostgresTargetOptions,
  postgresTargetModes,
  postgresTargetOptions,
} from './postgres-target-options.js';

/**
 * PostgreSQL: keyset or cursor reads (full or by cursor column), set-based batch writes with COPY.
 * The definition holds only the option schemas; pg and its helpers load when a system is first
 * opened, so a project without PostgreSQL never loads the driver (start-up time and memory).
 */
export const postgres: ConnectorDefinition<PostgresConfig, PostgresSourceOptions, PostgresTargetOptions> = {
  kind: 'postgres',
  summary:
    'PostgreSQL database: read a table, view or query (full or incremental by a cursor column); write a table (insert, upsert, update, delete) with COPY for large batches.',
  config: postgresConfig,
  source: {
    options: postgresSourceOptions,
    // A cursor column is what lets a run continue after the last one; without it, a full read.
    isIncremental: (options) => options.cursor !== undefined,
    open: async (context, options) =>
      (await import('./postgres-source.js')).openPostgresSource(context, options),
  },
  target: {
    options: postgresTargetOptions,
    modes: postgresTargetModes,
    open: async (context, options) =>
      (await import('./postgres-target.js')).openPostgresTarget(context, options),
  },
  discover: async (context, request) =>
    (await import('./discover-postgres.js')).discoverPostgres(context, request),
  // Opening a pool already makes one round trip with the login; closing it ends the check.
  ping: async (context) =>
    (await (await import('./open-postgres-pool.js')).openPostgresPool(context)).close(),
};
