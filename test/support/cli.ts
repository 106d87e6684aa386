import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

export const cliPath = path.resolve('dist/cli/bin.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI to completion; env adds to (or overrides) this process's environment. */
export function runCli(
  args: readonly string[],
  cwd = process.cwd(),
  env: Readonly<Record<string, string>> = {},
): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the built CLI without waiting, for tests that kill it. */
export function startCli(args: readonly string[], cwd = process.cwd()): ChildProcess {
  return spawn(process.execPath, [cliPath, ...args], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, NO_COLOR: '1' },
  });
}
