import { readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { connectors } from '../../src/connectors/registry.js';
import { checkProject, type Project } from '../../src/engine/check-project.js';

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
