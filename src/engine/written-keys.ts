import { encodeValue } from '../core/encode-payload.js';
import type { JsonValue, Row } from '../core/row.js';
import type { CompiledFlow } from './compiled-flow.js';
import type { RecordFailure } from './process-batch.js';

/**
 * The source keys (the form dead letters store) of a batch's records that were written: every
 * record but the failed ones. Empty when the flow's source has no key.
 */
export function writtenKeys(
  flow: CompiledFlow,
  rows: readonly Row[],
  failures: readonly RecordFailure[],
): JsonValue[] {
  if (flow.source.key.length === 0) return [];
  const failed = new Set(failures.map((failure) => failure.index));
  return rows.flatMap((row, index) =>
    failed.has(index) ? [] : [flow.source.key.map((column) => encodeValue(row[column]))],
  );
}
