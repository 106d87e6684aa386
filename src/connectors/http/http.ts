import type { ConnectorDefinition } from '../../core/connector.js';
import { type HttpConfig, httpConfig } from './http-config.js';
import { type HttpSourceOptions, httpSourceOptions } from './http-source-options.js';
import { type HttpTargetOptions, httpTargetModes, httpTargetOptions } from './http-target-options.js';

/**
 * A REST API over HTTP(S): paged collection reads, per-record or batch writes (docs/connectors/http.md).
 * The definition holds only the option schemas; the HTTP client and its helpers load on first use.
 */
export const http: ConnectorDefinition<HttpConfig, HttpSourceOptions, HttpTargetOptions> = {
  kind: 'http',
  summary:
    'REST API over HTTP(S): read a paged JSON collection (fully or updated-since), write records one by one or through a batch endpoint.',
  config: httpConfig,
  source: {
    options: httpSourceOptions,
    isIncremental: (options) => options.cursor !== undefined,
    open: async (context, options) => (await import('./http-source.js')).openHttpSource(context, options),
  },
  target: {
    options: httpTargetOptions,
    modes: httpTargetModes,
    open: async (context, options) => (await import('./http-target.js')).openHttpTarget(context, options),
  },
  discover: async (context, request) => (await import('./discover-http.js')).discoverHttp(context, request),
};
