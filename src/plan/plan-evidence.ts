import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SystemSnapshot } from '../core/table-shape.js';
import { loadSnapshot } from '../discovery/discover-system.js';
import { readProfiles } from '../profile/profile-file.js';
import type { StateStore } from '../store/state-store.js';
import { loadTestResult } from '../testing/test-results.js';
import type { PlanEvidence } from './plan-rule.js';

/**
 * Gathers what the checks read besides the spec: stored profiles, discovery snapshots, test
 * fixtures and measured throughput. The store is only read when it exists (`openStore` is called only then).
 */
export async function gatherEvidence(options: {
  readonly baseDir: string;
  readonly flows: readonly string[];
  /** Systems whose discovery snapshots to read. */
  readonly systems?: readonly string[];
  readonly openStore: () => Promise<StateStore>;
}): Promise<PlanEvidence> {
  const profiles = await readProfiles(options.baseDir);
  const testedFlows = new Set<string>();
  const failedTests = new Map<string, number>();
  for (const flow of options.flows) {
    const files = await readdir(path.join(options.baseDir, 'tests', flow)).catch(() => [] as string[]);
    if (files.some((file) => file.endsWith('.jsonl'))) testedFlows.add(flow);
    const result = await loadTestResult(options.baseDir, flow);
    if (result !== undefined && !result.passed)
      failedTests.set(flow, result.fixtureFailures + result.findings.length);
  }
  const throughput = new Map<string, number>();
  if (existsSync(path.join(options.baseDir, '.syncline', 'state.db'))) {
    const store = await options.openStore();
    try {
      for (const flow of options.flows) {
        const speed = fastestRate(await store.listRuns({ flow, limit: 50 }));
        if (speed !== undefined) throughput.set(flow, speed);
      }
    } finally {
      await store.close();
    }
  }
  const snapshots = await readSnapshots(options.baseDir, options.systems ?? []);
  return { profiles, testedFlows, failedTests, throughput, snapshots };
}

/** The stored discovery snapshots of these systems (those never discovered are left out). */
export async function readSnapshots(
  baseDir: string,
  systems: readonly string[],
): Promise<ReadonlyMap<string, SystemSnapshot>> {
  const snapshots = new Map<string, SystemSnapshot>();
  for (const system of systems) {
    const snapshot = await loadSnapshot(baseDir, system);
    if (snapshot !== undefined) snapshots.set(system, snapshot);
  }
  return snapshots;
}

/** Records per hour of the fastest successful run that read at least 100 records. */
export function fastestRate(
  runs: readonly { status: string; read: number; startedAt: string; finishedAt?: string | undefined }[],
): number | undefined {
  let best: number | undefined;
  for (const run of runs) {
    if (run.status !== 'succeeded' || run.read < 100 || !run.finishedAt) continue;
    const ms = Math.max(1, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
    const rate = (run.read / ms) * 3_600_000;
    best = Math.max(best ?? 0, rate);
  }
  return best;
}
