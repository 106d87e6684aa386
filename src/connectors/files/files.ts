import type { ConnectorDefinition } from '../../core/connector.js';
import { discoverFiles } from './discover-files.js';
import { type FilesConfig, filesConfig } from './files-config.js';
import {
  type FilesSourceOptions,
  filesSourceOptions,
  isIncremental,
  openFilesSource,
} from './files-source.js';
import {
  type FilesTargetOptions,
  filesTargetModes,
  filesTargetOptions,
  openFilesTarget,
} from './files-target.js';

/** CSV, JSON Lines and XLSX files in a folder or on an SFTP server: streamed reads, durable appends. */
export const files: ConnectorDefinition<FilesConfig, FilesSourceOptions, FilesTargetOptions> = {
  kind: 'files',
  summary:
    'CSV, JSON Lines and XLSX files, local or over SFTP: read one file or a pattern in batches (then archive), append rows to a CSV or JSON Lines file.',
  config: filesConfig,
  source: {
    options: filesSourceOptions,
    // A followed file or an archiving source continues after the last run; else a full read.
    isIncremental,
    open: openFilesSource,
  },
  target: { options: filesTargetOptions, modes: filesTargetModes, open: openFilesTarget },
  discover: discoverFiles,
};
