import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { connectors } from '../../src/connectors/registry.js';
import { checkProject, type Project } from '../../src/engine/check-project.js';
import { issueToken } from '../../src/server/auth/api-token.js';
import type { Role } from '../../src/server/auth/role.js';
import {
  type ServeProjectOptions,
  type ServingProject,
  serveProject,
} from '../../src/server/serve-project.js';
import type { StateStore } from '../../src/store/state-store.js';
import { freePort } from '../support/free-port.js';

/** Edits the copied spec as text: each [from, to] replaced once (the edit must apply). */
export function editSpec(spec: string, edits: readonly (readonly [string, string])[]): void {
  let text = readFileSync(spec, 'utf8');
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`spec edit does not apply: ${from}`);
    text = text.replace(from, to);
  }
  writeFileSync(spec, text);
}

/** Loads and checks a spec the way `syncline serve` does; fails the test on spec problems. */
export async function loadServedProject(
  spec: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Project> {
  const result = await checkProject(spec, connectors, { env, loadSystemLookups: true });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.project;
}

/** A log destination that keeps every line. */
export function logLines(): { readonly stream: Writable; readonly lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { stream, lines };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** One API token per role, named `<role>-bot`, stored hashed; the tokens in clear, by role. */
export async function issueRoleTokens(
  access: StateStore['access'],
  at = new Date().toISOString(),
): Promise<Map<Role, string>> {
  const tokens = new Map<Role, string>();
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const issued = issueToken();
    await access.addToken({ id: issued.id, name: `${role}-bot`, role, hash: issued.hash, createdAt: at });
    tokens.set(role, issued.token);
  }
  return tokens;
}

/**
 * `serveProject` as the tests run it: on a free loopback port, alert evaluation off (a test
 * that wants it says so), log lines kept out of the test's output unless `logTo` is given.
 */
export async function serveOnLoopback(
  options: Omit<ServeProjectOptions, 'port' | 'host' | 'logTo' | 'alerting'> &
    Partial<Pick<ServeProjectOptions, 'logTo' | 'alerting'>>,
): Promise<ServingProject> {
  return serveProject({
    port: await freePort(),
    host: '127.0.0.1',
    logTo: logLines().stream,
    alerting: false,
    ...options,
  });
}
