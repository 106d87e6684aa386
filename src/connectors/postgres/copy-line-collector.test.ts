import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CopyTextLines } from '../../core/copy-text.js';
import { BufferPool } from './buffer-pool.js';
import { copyLineCollector } from './copy-line-collector.js';

const text = (lines: CopyTextLines) => Buffer.concat(lines.chunks).toString();

/** Lines of varied length: some longer than a whole pool buffer of `size` bytes. */
const linesOf = (lengths: readonly number[]) =>
  lengths.map((length, i) => `${i}:${'abcdefghij'.repeat(Math.ceil(length / 10)).slice(0, length)}\n`);

describe('copyLineCollector', () => {
  it('hands out whole lines in order, however the stream is cut and however long a line is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 7 }),
        (lengths, cuts, batchSize) => {
          const lines = linesOf(lengths);
          const stream = Buffer.from(lines.join(''));
          const collector = copyLineCollector(() => 'test', new BufferPool(64, 4));
          const out: string[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const next = Math.min(stream.length, at + (cuts[i % cuts.length] as number));
            collector.write(stream.subarray(at, next));
            at = next;
            while (collector.count >= batchSize) {
              const batch = collector.take(batchSize);
              expect(batch.count).toBe(batchSize);
              for (const chunk of batch.chunks) expect(chunk.at(-1)).toBe(10);
              out.push(text(batch));
              batch.release?.();
            }
          }
          collector.end();
          const last = collector.take(batchSize);
          out.push(text(last));
          expect(out.join('')).toBe(lines.join(''));
        },
      ),
    );
  });

  it('never lets the pool reuse a buffer a batch still holds', () => {
    const pool = new BufferPool(64, 8);
    const collector = copyLineCollector(() => 'test', pool);
    const lines = linesOf(Array.from({ length: 40 }, (_, i) => 5 + ((i * 7) % 30)));
    const held: { lines: CopyTextLines; text: string; isKept: boolean }[] = [];
    // Two lines a write, three a batch: batches end inside pieces as well as between them.
    for (let i = 0; i < lines.length; i += 2) {
      collector.write(Buffer.from(lines.slice(i, i + 2).join('')));
      if (collector.count < 3) continue;
      const batch = collector.take(3);
      // Keep every other batch, release the rest: what is kept must stay intact.
      const isKept = held.length % 2 === 1;
      held.push({ lines: batch, text: text(batch), isKept });
      if (!isKept) batch.release?.();
    }
    expect(held.filter((h) => h.isKept).length).toBeGreaterThan(3);
    for (const kept of held.filter((h) => h.isKept)) expect(text(kept.lines)).toBe(kept.text);
    expect(held.map((h) => h.text).join('')).toBe(lines.slice(0, held.length * 3).join(''));
  });

  it('drops what is gathered on clear, keeping batches handed out intact', () => {
    const collector = copyLineCollector(() => 'test', new BufferPool(64, 4));
    collector.write(Buffer.from('a\nb\nc\nd'));
    const first = collector.take(1);
    collector.clear();
    collector.write(Buffer.from('zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n'));
    expect(text(first)).toBe('a\n');
    expect(collector.count).toBe(1);
  });

  it('refuses a stream that ends inside a line', () => {
    const collector = copyLineCollector(() => 'the table', new BufferPool(64, 4));
    collector.write(Buffer.from('a\nb'));
    expect(() => collector.end()).toThrow(/COPY output of the table .*the last line has no end/);
  });
});
