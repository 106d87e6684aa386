import os from 'node:os';

/** Who acts on the command line: SYNCLINE_OPERATOR when set (a shared service account), else the OS user. */
export function operatorName(): string {
  const named = process.env.SYNCLINE_OPERATOR?.trim();
  if (named) return named;
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
