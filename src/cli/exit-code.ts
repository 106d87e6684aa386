/** Process exit codes, the same for every command. */
export const exitCode = {
  ok: 0,
  /** A run failed, or (with --strict) left dead letters. */
  failures: 1,
  /** Bad usage, or the spec has problems. */
  usage: 2,
} as const;

/** Thrown by commands to end with a message and an exit code, without a stack trace. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
    this.name = 'CliExit';
  }
}
