import type { ConnectorDefinition } from '../../core/connector.js';
import { type FilesConfig, filesConfig } from './files-config.js';
import { type FilesSourceOptions, filesSourceOptions, isIncremental } from './files-source-options.js';
import { type FilesTargetOptions, filesTargetModes, filesTargetOptions } from './files-target-options.js';

/**
 * CSV, JSON Lines and XLSX files in a folder or on an SFTP server: streamed reads, durable appends.
 * The definition holds only the option schemas; readers, writers and the SFTP client load on first use.
 */
export const files: ConnectorDefinition<FilesConfig, FilesSourceOptions, FilesTargetOptions> = {
  kind: 'files',
  summary:
    'CSV, JSON Lines and XLSX files, local or over SFTP: read one file or a pattern in batches (then archive), append rows to a CSV or JSON Lines file.',
  config: filesConfig,
  source: {
    options: filesSourceOptions,
    // A followed file or an archiving source continues after the last run; else a full read.
    isIncremental,
    open: async (context, options) => (await import('./files-source.js')).openFilesSource(context, options),
  },
  target: {
    options: filesTargetOptions,
    modes: filesTargetModes,
    open: async (context, options) => (await import('./files-target.js')).openFilesTarget(context, options),
  },
  discover: async (context, request) => (await import('./discover-files.js')).discoverFiles(context, request),
};
