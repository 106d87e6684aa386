import { IntegrationError } from '../../core/integration-error.js';
import type { JsonValue } from '../../core/row.js';
import { type FileIdentity, isSameInode, savedIdentity } from './file-identity.js';

/**
 * The files target's saved position, `{file, dev, ino, bytes}`: the file appended to and its
 * length after the last durable batch. On reopen the same file is cut back to it.
 */
export interface ResumePosition {
  readonly bytes: number;
  /** Absent in positions saved before identities were recorded. */
  readonly identity: FileIdentity | undefined;
}

export function resumePosition(resume: JsonValue | undefined, where: string): ResumePosition | undefined {
  if (resume === undefined || resume === null) return undefined;
  const position = (typeof resume === 'object' && !Array.isArray(resume) ? resume : {}) as Record<
    string,
    unknown
  >;
  const { bytes } = position;
  if (typeof bytes === 'number' && Number.isInteger(bytes) && bytes >= 0) {
    return { bytes, identity: savedIdentity(position) };
  }
  throw new IntegrationError(`${where}: the saved target position is not a file length`, {
    kind: 'config',
    code: 'checkpoint-mismatch',
    stage: 'write',
    hint: 'The to: block changed since the checkpoint was saved. Run `syncline reset FLOW` to forget it.',
  });
}

/**
 * How far to cut the file back, if at all. The saved length says where the last checkpointed
 * batch ended in the file it was taken in; in any other file (the flow now writes elsewhere)
 * it means nothing, and in a file replaced under the same name it must not cut anything.
 */
export function cutBackTo(
  resume: ResumePosition | undefined,
  current: FileIdentity,
  length: number,
  where: string,
): number | undefined {
  if (resume === undefined) return undefined;
  const saved = resume.identity;
  if (saved !== undefined) {
    if (saved.file !== current.file) return undefined;
    if (!isSameInode(saved, current)) throw replaced(where, current.file, 'was replaced');
  }
  if (length < resume.bytes) {
    throw new IntegrationError(
      `${where} is ${length} bytes, shorter than the ${resume.bytes} already written`,
      {
        kind: 'fatal',
        code: 'file-truncated',
        stage: 'write',
        hint: 'Someone edited or truncated the file. Restore it, or run `syncline reset FLOW` to write it again.',
      },
    );
  }
  return resume.bytes;
}

export function replaced(where: string, path: string, what: string): IntegrationError {
  return new IntegrationError(
    `${where}: ${path} ${what} since the last run, so it is not the file this flow was appending to; syncline will not cut it back or append to it`,
    {
      kind: 'config',
      code: 'target-file-replaced',
      stage: 'write',
      hint: 'Check the file: rows earlier runs wrote may be missing from it. Then run `syncline reset FLOW` to forget the old position (the next run appends to the file as it is).',
    },
  );
}
