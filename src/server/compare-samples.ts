import { open } from 'node:fs/promises';
import { parse } from 'csv-parse';
import type { JsonValue } from '../core/row.js';

/** One line of a compare's differences.csv. */
export interface CompareSample {
  readonly kind: string;
  readonly key: string;
  readonly field: string;
  /** The new flow's value (a whole row for a missing record), as the report's lossless JSON. */
  readonly fresh: JsonValue;
  /** The baseline's value (a whole row for an extra record). */
  readonly baseline: JsonValue;
}

/**
 * The first `count` lines of a compare's differences.csv (key, field, new value, baseline
 * value, kind), read as a stream: the file can be large. None when the report folder is gone.
 */
export async function compareSamples(file: string, count: number): Promise<CompareSample[]> {
  const handle = await open(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (handle === undefined) return [];
  const input = handle.createReadStream();
  const lines = input.pipe(parse({ from_line: 2, relax_column_count: true }));
  // pipe() does not pass a read error on: the parser must end with it, not wait forever.
  input.on('error', (error) => lines.destroy(error));
  const samples: CompareSample[] = [];
  try {
    for await (const line of lines as AsyncIterable<string[]>) {
      const [key = '', field = '', fresh = '', baseline = '', kind = ''] = line;
      samples.push({ kind, key, field, fresh: jsonOf(fresh), baseline: jsonOf(baseline) });
      if (samples.length >= count) break;
    }
  } finally {
    input.destroy();
    await handle.close().catch(() => undefined);
  }
  return samples;
}

/** A value cell of differences.csv: JSON text, or empty where that side has nothing. */
function jsonOf(cell: string): JsonValue {
  if (cell === '') return null;
  try {
    return JSON.parse(cell) as JsonValue;
  } catch {
    return cell;
  }
}
