import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './conformance/tcp-proxy.js';
import { cliPath } from './support/cli.js';
import { type CrashPair, compare, pairSpec, sourceRows } from './support/crash-harness.js';
import { postgresPair } from './support/crash-pairs.js';
import { makeTempDir } from './support/temp-dir.js';

/**
 * SLOW (about 70 s, on purpose): the target PostgreSQL goes away for 60 seconds in the middle
 * of a run — a TCP proxy in front of it resets every connection, open and new — and comes
 * back. With a retry policy that outlasts the outage the run waits and completes with every
 * row; with one that gives up sooner the run fails with a clear message, and the next run
 * continues from the checkpoint: nothing lost, nothing duplicated.
 */

const outageMs = 60_000;
const rows = 3_000;
let proxy: TcpProxy;
let pair: CrashPair;
let work: ReturnType<typeof makeTempDir>;
const spec = () => path.join(work.dir, 'syncline.yaml');

/** Starts a run of `copy`; resolves with its exit status and stderr when it ends. */
function startRun(): { done: Promise<{ status: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [cliPath, 'run', 'copy', '--spec', spec()], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr }))) };
}

async function waitForRows(atLeast: number): Promise<void> {
  while ((await pair.count()) < atLeast) await new Promise((resolve) => setTimeout(resolve, 5));
}

function writeSpec(retry: string, limits = ''): void {
  const text = pairSpec(pair, 20, `    errors: { retry: ${retry} }\n`);
  writeFileSync(
    spec(),
    limits ? text.replace('dst: { kind: postgres,', `dst: { kind: postgres, limits: ${limits},`) : text,
  );
}

beforeAll(async () => {
  work = makeTempDir('outage');
  proxy = await startTcpProxy('127.0.0.1', Number(process.env.PGPORT ?? 5432));
  pair = await postgresPair(proxy.port);
  await pair.seed(sourceRows(rows));
}, 60_000);

afterAll(async () => {
  await pair?.close();
  await proxy?.close();
  work?.remove();
});

describe('target down mid-run (slow: waits out a 60 s outage)', () => {
  it('waits and retries through a 60 s outage, then completes with every row', {
    timeout: 150_000,
  }, async () => {
    // Well over 60 s of waiting in 20 tries: backoff up to 10 s, and 5 s waits while the circuit is open.
    writeSpec(
      '{ attempts: 20, backoff: exponential, delay: 2s, maxDelay: 10s }',
      '{ circuitBreaker: { failures: 3, probeAfter: 5s } }',
    );
    const run = startRun();
    await waitForRows(200);
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    proxy.restore();
    const { status, stderr } = await run.done;
    expect(stderr).toContain('write failed, retrying');
    // The breaker stopped calling the system, probed it, and closed once it answered.
    expect(stderr).toMatch(/circuit open \{[^\n]*"system":"dst"/);
    expect(stderr).toContain('circuit half-open');
    expect(stderr).toContain('circuit closed');
    expect(status).toBe(0);
    const check = compare(sourceRows(rows), await pair.readAll());
    expect(check).toEqual({ lost: 0, duplicated: 0, changed: 0 });
  });

  it('fails clearly when the outage outlasts the policy; the next run continues', {
    timeout: 60_000,
  }, async () => {
    // A fresh start: new tables, no state.
    rmSync(path.join(work.dir, '.syncline'), { recursive: true, force: true });
    await pair.close();
    pair = await postgresPair(proxy.port);
    await pair.seed(sourceRows(rows));
    writeSpec('{ attempts: 3, backoff: fixed, delay: 500ms }');
    const run = startRun();
    await waitForRows(200);
    proxy.cut();
    const failed = await run.done;
    proxy.restore();
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('write failed, retrying');
    expect(failed.stderr).toMatch(/run failed|error/);
    const written = await pair.count();
    expect(written).toBeGreaterThanOrEqual(200);
    expect(written).toBeLessThan(rows);

    // Not spawnSync: the proxy lives in this process and must keep forwarding meanwhile.
    const next = await startRun().done;
    expect(next.stderr).toBe('');
    expect(next.status).toBe(0);
    expect(compare(sourceRows(rows), await pair.readAll())).toEqual({ lost: 0, duplicated: 0, changed: 0 });
  });
});
