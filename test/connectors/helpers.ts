import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Source } from '../../src/core/connector.js';
import type { Batch, Checkpoint } from '../../src/core/row.js';

/** A fresh temporary folder per test file; `cleanup` in afterAll. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `syncline-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function readAll(
  source: Source,
  from?: Checkpoint,
  signal = new AbortController().signal,
): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of source.read(from, signal)) batches.push(batch);
  return batches;
}

/**
 * Reads from the start, then again from every batch's checkpoint: each resume must yield
 * exactly the rows after that batch — no gap, no duplicate. Returns the full read.
 */
export async function expectResumeFromEveryBoundary(source: Source): Promise<Batch[]> {
  const batches = await readAll(source);
  for (let i = 0; i < batches.length; i++) {
    const resumed = await readAll(source, batches[i]?.checkpoint);
    expect(resumed.flatMap((b) => b.rows)).toEqual(batches.slice(i + 1).flatMap((b) => b.rows));
  }
  return batches;
}

export const never = new AbortController().signal;
