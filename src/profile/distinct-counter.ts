/**
 * Counts distinct values: exactly up to `cap` of them, then as an estimate from the k smallest
 * hashes seen (a KMV sketch: with k values below h, about (k - 1) / h distinct values exist).
 * Memory stays bounded whatever the column holds.
 */
export interface DistinctCounter {
  add(text: string): void;
  result(): { readonly count: number; readonly exact: boolean };
}

export function createDistinctCounter(cap = 10_000, k = 1024): DistinctCounter {
  let exact: Set<string> | undefined = new Set();
  const smallest: number[] = []; // sorted ascending, at most k, unique
  const remember = (hash: number) => {
    if (smallest.length === k && hash >= (smallest[k - 1] ?? 1)) return;
    let low = 0;
    let high = smallest.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((smallest[mid] ?? 0) < hash) low = mid + 1;
      else high = mid;
    }
    if (smallest[low] === hash) return;
    smallest.splice(low, 0, hash);
    if (smallest.length > k) smallest.pop();
  };
  return {
    add(text) {
      remember(unitHash(text));
      if (exact === undefined) return;
      exact.add(text);
      if (exact.size > cap) exact = undefined;
    },
    result() {
      if (exact !== undefined) return { count: exact.size, exact: true };
      if (smallest.length < k) return { count: smallest.length, exact: false };
      return { count: Math.round((k - 1) / (smallest[k - 1] ?? 1)), exact: false };
    },
  };
}

/** A hash of the text spread over [0, 1): two 32-bit FNV-1a variants make 53 bits. */
function unitHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  return ((a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11)) / 2 ** 53;
}
