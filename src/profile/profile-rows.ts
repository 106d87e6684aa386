import type { Batch } from '../core/row.js';
import type { TableProfile } from './column-profile.js';
import { type ColumnProfiler, createColumnProfiler } from './profile-column.js';

export interface ProfileRowsOptions {
  readonly system: string;
  readonly table: string;
  /** Stop after this many rows. */
  readonly sample: number;
  readonly now: () => Date;
}

/** Profiles every column of the rows a source reads, stopping after `sample` rows. */
export async function profileRows(
  batches: AsyncIterable<Batch>,
  options: ProfileRowsOptions,
): Promise<TableProfile> {
  const columns = new Map<string, ColumnProfiler>();
  let rows = 0;
  let sampled = false;
  outer: for await (const batch of batches) {
    for (const row of batch.rows) {
      if (rows >= options.sample) {
        sampled = true;
        break outer;
      }
      rows += 1;
      for (const name of Object.keys(row)) {
        if (!columns.has(name)) {
          // A column first seen late was missing (null) in the rows before it.
          const profiler = createColumnProfiler(name);
          for (let i = 1; i < rows; i++) profiler.add(null);
          columns.set(name, profiler);
        }
      }
      for (const [name, profiler] of columns) profiler.add(row[name]);
    }
  }
  return {
    system: options.system,
    table: options.table,
    profiledAt: options.now().toISOString(),
    rows,
    sampled,
    columns: [...columns.values()].map((profiler) => profiler.result()),
  };
}
