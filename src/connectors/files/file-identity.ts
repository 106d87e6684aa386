import type { Stats } from 'node:fs';

/**
 * Which file a saved position (a source checkpoint, a target position) is about: the resolved
 * path, and the device and inode that tell the same file from one replaced under that path
 * (rotated, recreated, copied over). A position is only meaningful in the file it was taken in.
 */
export interface FileIdentity {
  readonly file: string;
  readonly dev: number;
  readonly ino: number;
}

export function fileIdentity(path: string, stats: Stats): FileIdentity {
  return { file: path, dev: stats.dev, ino: stats.ino };
}

export function isSameInode(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** The identity recorded in a saved position, or undefined for one saved before there was any. */
export function savedIdentity(position: Readonly<Record<string, unknown>>): FileIdentity | undefined {
  const { file, dev, ino } = position;
  if (typeof file !== 'string' || typeof dev !== 'number' || typeof ino !== 'number') return undefined;
  return { file, dev, ino };
}
