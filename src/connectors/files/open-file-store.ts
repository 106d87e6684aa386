import { resolve } from 'node:path';
import type { OpenContext } from '../../core/connector.js';
import type { FileStore } from './file-store.js';
import type { FilesConfig } from './files-config.js';
import { localFileStore } from './local-file-store.js';
import { openSftpFileStore } from './sftp-file-store.js';

/** The system's files: on its SFTP server when `sftp:` is given, else in the local `dir`. */
export async function openFileStore(context: OpenContext<FilesConfig>): Promise<FileStore> {
  const { sftp } = context.config;
  if (sftp !== undefined) return openSftpFileStore(context.system, sftp);
  return localFileStore(context.system, resolve(context.baseDir, context.config.dir));
}
