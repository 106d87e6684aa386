import type { Batch, Row } from '../core/row.js';

/**
 * What a batch's rows take in memory, estimated cheaply for the batch memory budget
 * (docs/decisions/0042): the source's own byte count when it gives one, else the mean of a
 * few rows spread over the batch times its length. Rows of one table are alike enough that a
 * sample of 16 is within a few percent; the budget needs the order of magnitude, not the byte.
 */
export function estimateBatchBytes(batch: Batch, sample = 16): number {
  if (batch.bytes !== undefined) return batch.bytes;
  const { rows } = batch;
  if (rows.length === 0) return 0;
  const picks = Math.min(sample, rows.length);
  const step = rows.length / picks;
  let total = 0;
  for (let i = 0; i < picks; i++) total += estimateRowBytes(rows[Math.floor(i * step)] as Row);
  return Math.round((total / picks) * rows.length);
}

// Rough V8 sizes on 64 bits: an object header with its property slots, a string header, a
// boxed number, a Date, a typed array's header. A row of the bench's 13 columns comes out
// within 10% of what its rows measure in the heap (docs/benchmarks.md, "Memory").
const objectBytes = 48;
const slotBytes = 16;
const stringBytes = 24;
const numberBytes = 16;
const dateBytes = 48;
const bufferBytes = 96;

/** Estimated bytes one row (its object, keys' slots and values) takes in the heap. */
export function estimateRowBytes(row: Row): number {
  let bytes = objectBytes;
  for (const key in row) bytes += slotBytes + valueBytes(row[key], 0);
  return bytes;
}

function valueBytes(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return stringBytes + value.length;
    case 'number':
    case 'bigint':
      return numberBytes;
    case 'object': {
      if (value === null) return 0;
      if (value instanceof Date) return dateBytes;
      if (ArrayBuffer.isView(value)) return bufferBytes + value.byteLength;
      // Deep JSON is rare in rows; below a few levels a flat guess per value will do.
      if (depth > 4) return slotBytes;
      let bytes = objectBytes;
      if (Array.isArray(value)) {
        for (const item of value) bytes += slotBytes + valueBytes(item, depth + 1);
      } else {
        for (const [, item] of Object.entries(value)) bytes += slotBytes + valueBytes(item, depth + 1);
      }
      return bytes;
    }
    default:
      return 0;
  }
}
