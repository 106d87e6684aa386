import type { ConnectorDefinition } from '../../core/connector.js';
import { discoverHttp } from './discover-http.js';
import { type HttpConfig, httpConfig } from './http-config.js';
import { type HttpSourceOptions, httpSourceOptions, openHttpSource } from './http-source.js';
import { httpTargetModes, openHttpTarget } from './http-target.js';
import { type HttpTargetOptions, httpTargetOptions } from './http-target-options.js';

/** A REST API over HTTP(S): paged collection reads, per-record or batch writes (docs/connectors/http.md). */
export const http: ConnectorDefinition<HttpConfig, HttpSourceOptions, HttpTargetOptions> = {
  kind: 'http',
  summary:
    'REST API over HTTP(S): read a paged JSON collection (fully or updated-since), write records one by one or through a batch endpoint.',
  config: httpConfig,
  source: {
    options: httpSourceOptions,
    isIncremental: (options) => options.cursor !== undefined,
    open: openHttpSource,
  },
  target: { options: httpTargetOptions, modes: httpTargetModes, open: openHttpTarget },
  discover: discoverHttp,
};
