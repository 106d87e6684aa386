import { IntegrationError } from '../../core/integration-error.js';
import type { Checkpoint } from '../../core/row.js';
import { type FileIdentity, isSameInode, savedIdentity } from './file-identity.js';

/**
 * The files source's checkpoint: `{file, dev, ino, line, bytes?, endLine?}` — the file (resolved
 * path, device, inode), the data records consumed (`line`, records rather than physical lines),
 * and for UTF-8 files the byte offset after the last one and the physical line it ends on, so
 * a resume seeks there instead of re-reading the file. Checkpoints saved before the identity
 * was recorded (`{file: <the spec's file:>, line}`) still resume by counting records.
 */

export interface ReadEnd {
  readonly line: number;
  readonly bytes: number | undefined;
  readonly endLine: number;
}

export function fileCheckpoint(identity: FileIdentity, end: ReadEnd): Checkpoint {
  const { file, dev, ino } = identity;
  return end.bytes === undefined
    ? { file, dev, ino, line: end.line }
    : { file, dev, ino, line: end.line, bytes: end.bytes, endLine: end.endLine };
}

/** Where a read resumes: records to skip from the top, or a byte offset to seek to. */
export type ResumePoint =
  | { readonly kind: 'skip'; readonly records: number }
  | { readonly kind: 'seek'; readonly records: number; readonly bytes: number; readonly linesBefore: number };

export interface ResumeContext {
  readonly system: string;
  /** The spec's `file:`, for messages and for checkpoints saved before identities. */
  readonly label: string;
  readonly current: FileIdentity;
  readonly size: number;
  /** Whether byte offsets can be used (UTF-8; other encodings resume by counting records). */
  readonly canSeek: boolean;
}

const fromTheStart: ResumePoint = { kind: 'skip', records: 0 };

export function resumePoint(from: Checkpoint | undefined, context: ResumeContext): ResumePoint {
  if (from === undefined || from === null) return fromTheStart;
  const position = (typeof from === 'object' && !Array.isArray(from) ? from : {}) as Record<string, unknown>;
  const { line } = position;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
    throw new IntegrationError(`System "${context.system}": the saved checkpoint is not a files position`, {
      kind: 'config',
      code: 'checkpoint-mismatch',
      stage: 'read',
      hint: "The flow's from: block changed since the checkpoint was saved. Run `syncline reset FLOW` to read from the start.",
    });
  }
  const saved = savedIdentity(position);
  // Saved before identities: the spec's file name is all there is to go by.
  if (saved === undefined)
    return position.file === context.label ? { kind: 'skip', records: line } : fromTheStart;
  // A checkpoint for another file says nothing about this one: read it from the start.
  if (saved.file !== context.current.file) return fromTheStart;
  if (!isSameInode(saved, context.current)) {
    throw changed(
      context,
      `File ${context.label} was replaced since the saved checkpoint (rotated, or written anew): it is not the file the checkpoint points into`,
    );
  }
  const { bytes, endLine } = position;
  if (typeof bytes !== 'number') return { kind: 'skip', records: line };
  if (context.size < bytes) {
    throw changed(
      context,
      `File ${context.label} is ${context.size} bytes, smaller than the ${bytes} already read: it was truncated or rotated`,
    );
  }
  return context.canSeek && typeof endLine === 'number'
    ? { kind: 'seek', records: line, bytes, linesBefore: endLine }
    : { kind: 'skip', records: line };
}

function changed(context: ResumeContext, message: string): IntegrationError {
  return new IntegrationError(`System "${context.system}": ${message}`, {
    kind: 'config',
    code: 'checkpoint-mismatch',
    stage: 'read',
    hint: 'The records read before may be gone from it. Check the file, then run `syncline reset FLOW` to read it from the start.',
  });
}
