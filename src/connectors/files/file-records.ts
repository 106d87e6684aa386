import type { Checkpoint, Row, SourceReject } from '../../core/row.js';
import type { OpenedFile } from './file-store.js';
import type { ReadEnd } from './files-checkpoint.js';

/** One record of a file as a format reader hands it to the source: a row, or a rejected record. */
export type FileRecord =
  | { readonly row: Row; readonly end: ReadEnd }
  | { readonly reject: SourceReject; readonly end: ReadEnd };

export interface FileReadContext {
  readonly system: string;
  /** The file's name relative to the folder, for messages and rejected records. */
  readonly label: string;
  readonly file: OpenedFile;
  /** The checkpoint to resume after, when it is about this file; readers check it (resumePoint). */
  readonly from: Checkpoint | undefined;
  /** Reports something the run log should show (a guessed encoding). */
  warn(message: string): void;
}

/** Reads one file's records after `from`; each carries the position after it. */
export type FileReader = (context: FileReadContext) => AsyncIterable<FileRecord>;
