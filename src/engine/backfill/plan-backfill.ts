import type { ColumnRange } from '../../core/column-range.js';
import type { Source } from '../../core/connector.js';
import { IntegrationError } from '../../core/integration-error.js';
import type { CompiledFlow } from '../compiled-flow.js';
import { isIntegerValue, splitKeyRange, splitTimeRange } from './split-range.js';

/** What the user asked for: the command line over the flow's `backfill:` block. */
export interface BackfillSettings {
  /** Oldest cursor value to move (inclusive), e.g. "2015-01-01". */
  readonly from?: string | undefined;
  /** Cursor value to stop before (exclusive). */
  readonly to?: string | undefined;
  /** Rows per chunk. */
  readonly chunk: number;
  /** Records per second read from the source, at most. */
  readonly rate?: number | undefined;
  /** Chunks moved at the same time. */
  readonly parallel: number;
}

export const defaultChunk = 10_000;
export const maxParallel = 16;

export interface BackfillPlan {
  /** key: equal spans of an integer key; cursor: equal spans of time of the cursor column. */
  readonly by: 'key' | 'cursor';
  readonly column: string;
  /** Rows in the source inside the plan (when it was made). */
  readonly total: number;
  /** Each chunk's ranges: its own span, and the --from/--to window when there is one. */
  readonly chunks: readonly (readonly ColumnRange[])[];
}

/**
 * Plans a backfill up front from what the source offers: MIN, MAX and COUNT of an integer key
 * (the cheapest to page and to cut evenly), else of the cursor column in spans of time. The
 * `--from`/`--to` window always applies to the cursor column.
 */
export async function planBackfill(
  flow: CompiledFlow,
  source: Source,
  settings: BackfillSettings,
  signal: AbortSignal,
): Promise<BackfillPlan> {
  const rangeBounds = source.rangeBounds?.bind(source);
  if (rangeBounds === undefined || source.readRange === undefined) {
    throw new IntegrationError(
      `flow ${flow.name}: a backfill reads its source in ranges, and ${flow.source.connector.kind} system "${flow.source.system}" cannot`,
      {
        kind: 'config',
        code: 'backfill-unsupported',
        hint: 'backfill works from SQL sources (sqlite, postgres, mysql); for others, reset the flow and run it',
      },
    );
  }
  const cursor = cursorOf(flow);
  const window: ColumnRange[] = [];
  if (settings.from !== undefined || settings.to !== undefined) {
    if (cursor === undefined) {
      throw new IntegrationError(
        `flow ${flow.name}: --from and --to bound the cursor column, and the flow's from: has no cursor`,
        {
          kind: 'config',
          code: 'backfill-window-without-cursor',
          hint: `add cursor: <date column> to flows.${flow.name}.from, or backfill everything without --from/--to`,
        },
      );
    }
    window.push({ column: cursor, from: settings.from, to: settings.to });
  }
  const [key] = flow.source.key;
  if (key !== undefined && flow.source.key.length === 1) {
    const bounds = await rangeBounds(key, window, signal);
    if (bounds.count === 0) return { by: 'key', column: key, total: 0, chunks: [] };
    if (isIntegerValue(bounds.min) && isIntegerValue(bounds.max)) {
      const spans = splitKeyRange(key, bounds.min, bounds.max, bounds.count, settings.chunk);
      return { by: 'key', column: key, total: bounds.count, chunks: spans.map((span) => [span, ...window]) };
    }
  }
  if (cursor === undefined) {
    throw new IntegrationError(
      `flow ${flow.name}: a backfill cuts the source into chunks by a single integer key or a cursor column; the flow's from: has ${flow.source.key.length === 0 ? 'no key:' : `key (${flow.source.key.join(', ')})`} and no cursor:`,
      {
        kind: 'config',
        code: 'backfill-unsplittable',
        hint: `name a single integer key (key: id) or a date cursor (cursor: updated_at) in flows.${flow.name}.from`,
      },
    );
  }
  const bounds = await rangeBounds(cursor, window, signal);
  if (bounds.count === 0) return { by: 'cursor', column: cursor, total: 0, chunks: [] };
  const spans = splitTimeRange(cursor, bounds.min, bounds.max, bounds.count, settings.chunk);
  return {
    by: 'cursor',
    column: cursor,
    total: bounds.count,
    chunks: spans.map((span) => [span, ...window]),
  };
}

/** The source's cursor column: the `cursor:` key that the SQL connectors' from: options share. */
export function cursorOf(flow: CompiledFlow): string | undefined {
  const options = flow.source.options;
  if (typeof options !== 'object' || options === null || !('cursor' in options)) return undefined;
  return typeof options.cursor === 'string' ? options.cursor : undefined;
}
