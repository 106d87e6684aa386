import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CompareRecord } from '../store/cutover-store.js';
import type { StateStore } from '../store/state-store.js';
import { type CompareOptions, compareFlow } from './compare-flow.js';
import type { CompareOutcome } from './compare-result.js';
import { openDifferenceCsv } from './difference-csv.js';
import { renderCompareHtml } from './render-compare-html.js';

export interface RecordedCompare {
  readonly record: CompareRecord;
  readonly outcome: CompareOutcome;
  /** The folder holding report.html, differences.csv and summary.json. */
  readonly dir: string;
}

/**
 * Runs a compare, stores its summary (the cut-over gate reads it), and leaves its report
 * files in `out`, or by default in .syncline/compare/FLOW/<compare id>/ beside the spec.
 */
export async function compareAndRecord(
  options: Omit<CompareOptions, 'onDifference'> & {
    readonly store: StateStore;
    readonly baseDir: string;
    readonly out?: string | undefined;
  },
): Promise<RecordedCompare> {
  const home = path.join(options.baseDir, '.syncline', 'compare', options.flow.name);
  // The id is the stored record's, known only at the end: the CSV grows in a folder renamed then.
  const working = options.out ?? path.join(home, `.pending-${process.pid}-${Date.now()}`);
  await mkdir(working, { recursive: true });
  const csv = openDifferenceCsv(path.join(working, 'differences.csv'));
  let outcome: CompareOutcome;
  try {
    outcome = await compareFlow({ ...options, onDifference: csv.write });
  } catch (error) {
    csv.close();
    if (!options.out) await rm(working, { recursive: true, force: true });
    throw error;
  }
  csv.close();
  const { summary } = outcome;
  const record = await options.store.cutover.recordCompare({
    flow: summary.flow,
    baseline: summary.baseline,
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    clean: summary.clean,
    matched: summary.matched,
    differing: summary.differing,
    missing: summary.missing,
    extra: summary.extra,
    rejected: summary.rejected,
    summary: JSON.parse(JSON.stringify({ ...summary, out: options.out ?? null })),
  });
  const dir = options.out ?? path.join(home, record.id);
  if (!options.out) await rename(working, dir);
  await writeFile(path.join(dir, 'report.html'), renderCompareHtml(outcome, record.id));
  await writeFile(
    path.join(dir, 'summary.json'),
    `${JSON.stringify({ id: record.id, ...summary }, null, 2)}\n`,
  );
  return { record, outcome, dir };
}
