import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.js';
import { checkProject } from '../../src/engine/check-project.js';
import { makeTempDir } from '../support/temp-dir.js';

/** The reliability keys of the spec: system limits, the project's retry default, retryRejected. */

let work: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  work = makeTempDir('reliability-spec');
});
afterEach(() => work.remove());

function check(text: string) {
  const file = path.join(work.dir, 'syncline.yaml');
  writeFileSync(file, text);
  return checkProject(file, connectors);
}

const spec = (systemExtra: string, top = '', flowExtra = '') => `version: 1
project: { name: limits }
systems:
  src: { kind: sqlite, connection: { path: a.db } }
  dst:
    kind: sqlite
    connection: { path: b.db }
${systemExtra}
${top}
flows:
  one:
    from: { system: src, table: t, key: id }
    to: { system: dst, table: t, key: id }
${flowExtra}
  two:
    from: { system: src, table: t, key: id }
    to: { system: dst, table: t, key: id }
    errors: { retry: { attempts: 2 } }
`;

describe('reliability settings in the spec', () => {
  it('compiles system limits, the project retry default and retryRejected', async () => {
    const result = await check(
      spec(
        '    limits: { requestsPerSecond: 5, circuitBreaker: { failures: 4, probeAfter: 45s } }',
        'errors: { retry: { attempts: 12, delay: 2s, maxDelay: 30s } }',
        '    errors: { retryRejected: { attempts: 6 } }',
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const one = result.project.flows.get('one');
    const two = result.project.flows.get('two');
    expect(one?.target.limits).toEqual({
      requestsPerSecond: 5,
      circuitBreaker: { failures: 4, probeAfterMs: 45_000 },
    });
    expect(one?.source.limits).toBeUndefined();
    // The project default applies to a flow without its own; a flow's own replaces it whole.
    expect(one?.retry).toEqual({ attempts: 12, backoff: 'exponential', delayMs: 2000, maxDelayMs: 30_000 });
    expect(two?.retry).toEqual({ attempts: 2, backoff: 'exponential', delayMs: 1000, maxDelayMs: 300_000 });
    expect(one?.retryRejected).toBe(6);
    expect(two?.retryRejected).toBe(3);
  });

  it('defaults the circuit breaker and reports bad limits with their path', async () => {
    const defaults = await check(spec('    limits: { circuitBreaker: {} }'));
    if (!defaults.ok) throw new Error(JSON.stringify(defaults.problems));
    expect(defaults.project.flows.get('one')?.target.limits?.circuitBreaker).toEqual({
      failures: 5,
      probeAfterMs: 30_000,
    });

    const bad = await check(
      spec('    limits: { requestsPerSecond: 0, circuitBreaker: { probeAfter: soon } }'),
    );
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'systems.dst.limits.requestsPerSecond',
        'systems.dst.limits.circuitBreaker.probeAfter',
      ]),
    );
  });
});
