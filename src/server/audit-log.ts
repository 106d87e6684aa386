import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** One operator action: who did what to which flow, run or dead letter, and when. */
export interface AuditEntry {
  readonly at: string;
  readonly action: string;
  /** The user or token the access-control plugin put on the request; "anonymous" without one. */
  readonly actor: string;
  readonly flow?: string | undefined;
  readonly target?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

export type AuditLog = (entry: AuditEntry) => Promise<void>;

/** The default audit log: one JSON line per action in .syncline/audit.jsonl beside the spec. */
export function fileAuditLog(baseDir: string): AuditLog {
  const dir = path.join(baseDir, '.syncline');
  return async (entry) => {
    await mkdir(dir, { recursive: true });
    await appendFile(path.join(dir, 'audit.jsonl'), `${JSON.stringify(entry)}\n`);
  };
}
