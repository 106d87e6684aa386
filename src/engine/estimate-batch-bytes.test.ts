import { describe, expect, it } from 'vitest';
import { estimateBatchBytes, estimateRowBytes } from './estimate-batch-bytes.js';
import { parseByteSize } from './parse-byte-size.js';

describe('estimateBatchBytes', () => {
  it("takes the source's own byte count when it gives one", () => {
    expect(estimateBatchBytes({ rows: [{ a: 'x' }], checkpoint: 1, bytes: 12_345 })).toBe(12_345);
  });

  it('grows with the text, the values and the rows of a batch', () => {
    const short = { id: 1, name: 'Ana' };
    const long = { id: 1, name: 'Ana'.repeat(100) };
    expect(estimateRowBytes(long) - estimateRowBytes(short)).toBe(297);
    expect(
      estimateRowBytes({ ...short, at: new Date(0), tags: ['a', 'b'], raw: new Uint8Array(1000) }),
    ).toBeGreaterThan(estimateRowBytes(short) + 1000);
    const batch = (n: number) => ({ rows: Array.from({ length: n }, () => short), checkpoint: n });
    expect(estimateBatchBytes(batch(1000))).toBe(1000 * estimateRowBytes(short));
    expect(estimateBatchBytes(batch(0))).toBe(0);
  });

  it('samples a few rows spread over the batch, not only the first', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ text: i < 500 ? '' : 'x'.repeat(1000) }));
    const bytes = estimateBatchBytes({ rows, checkpoint: 1 });
    expect(bytes).toBeGreaterThan(400 * 1000);
    expect(bytes).toBeLessThan(600 * 1000 + 1000 * estimateRowBytes({ text: '' }));
  });
});

describe('parseByteSize', () => {
  it('reads bytes and kB, MB, GB (1024-based)', () => {
    expect(parseByteSize(70_000)).toBe(70_000);
    expect(parseByteSize('512kB')).toBe(524_288);
    expect(parseByteSize('16MB')).toBe(16_777_216);
    expect(parseByteSize('1.5 GB')).toBe(1_610_612_736);
    expect(() => parseByteSize('16 mb')).toThrow('not a size');
  });
});
