import { createHmac } from 'node:crypto';

/**
 * Deterministic pseudo-random bytes for one value: HMAC-SHA-256 keyed with the sample seed over
 * the kind, the attempt and the normalised value, extended block by block. The same input and
 * seed always give the same bytes, in any table and any run; without the seed they cannot be
 * predicted, so nobody can test guesses of the original against a fake.
 */
export type KeyedBytes = (kind: string, normalised: string, attempt: number, count: number) => Buffer;

export function createKeyedBytes(seed: string): KeyedBytes {
  return function keyedBytes(kind, normalised, attempt, count) {
    const blocks: Buffer[] = [];
    for (let block = 0; blocks.length * 32 < count; block++) {
      blocks.push(
        createHmac('sha256', seed)
          .update(`${kind}\u0000${attempt}\u0000${block}\u0000${normalised}`)
          .digest(),
      );
    }
    return Buffer.concat(blocks).subarray(0, count);
  };
}
