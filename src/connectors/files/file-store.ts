import type { FileIdentity } from './file-identity.js';

/**
 * Where a files system's files live: a local folder or a folder on an SFTP server. The source
 * and target work through this, so both places behave alike (docs/connectors/files.md).
 */
export interface FileStore {
  /** The folder, for messages (a local path, or sftp://user@host:port/path). */
  readonly root: string;
  /** A flow's file name as a path in the store; refuses names outside the folder. */
  resolve(file: string): string;
  /** The entries of a folder (a path from resolve), or undefined when it does not exist. */
  list(dir: string): Promise<readonly StoredEntry[] | undefined>;
  /** The file's size and identity, or undefined when there is no such file. */
  stat(path: string): Promise<StoredFile | undefined>;
  /** Opens a file for reading; reads see the file that was opened, even if it is replaced. */
  open(path: string, label: string): Promise<OpenedFile>;
  /** Moves a file; the folder of `to` is made when missing. Never overwrites. */
  move(from: string, to: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface StoredEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface StoredFile {
  readonly identity: FileIdentity;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface OpenedFile extends StoredFile {
  /** The bytes from `start` to the end, in chunks. */
  bytes(start: number): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/** The first bytes of a file (for sniffing), at most `limit`. */
export async function headOf(file: OpenedFile, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of file.bytes(0)) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= limit) break;
  }
  return Buffer.concat(chunks).subarray(0, limit);
}

/** The whole file (workbooks are read in one piece). */
export async function allOf(file: OpenedFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.bytes(0)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
