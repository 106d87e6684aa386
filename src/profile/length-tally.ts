import type { LengthStats } from './column-profile.js';

const bucketOf = (length: number): string =>
  length === 0
    ? '0'
    : length <= 10
      ? '1-10'
      : length <= 20
        ? '11-20'
        : length <= 50
          ? '21-50'
          : length <= 100
            ? '51-100'
            : length <= 255
              ? '101-255'
              : '256+';

/** Text lengths (in characters): one count and one example per length seen. */
export function createLengthTally() {
  const seen = new Map<number, { count: number; example: string }>();
  const sorted = () => [...seen].sort(([a], [b]) => a - b);
  const percentile = (entries: [number, { count: number }][], total: number, p: number) => {
    let running = 0;
    for (const [length, { count }] of entries) {
      running += count;
      if (running >= total * p) return length;
    }
    return entries.at(-1)?.[0] ?? 0;
  };
  return {
    add(length: number, text: string) {
      const entry = seen.get(length) ?? { count: 0, example: text };
      entry.count += 1;
      seen.set(length, entry);
    },
    result(): LengthStats | undefined {
      const entries = sorted();
      const total = entries.reduce((sum, [, { count }]) => sum + count, 0);
      if (total === 0) return undefined;
      const buckets: Record<string, number> = {};
      let sum = 0;
      for (const [length, { count }] of entries) {
        buckets[bucketOf(length)] = (buckets[bucketOf(length)] ?? 0) + count;
        sum += length * count;
      }
      return {
        min: entries[0]?.[0] ?? 0,
        max: entries.at(-1)?.[0] ?? 0,
        mean: Math.round((sum / total) * 10) / 10,
        p50: percentile(entries, total, 0.5),
        p95: percentile(entries, total, 0.95),
        buckets,
      };
    },
    /** Examples of lengths far from the median: over four times it (and 40 more), or under a quarter. */
    outliers(): string[] {
      const stats = this.result();
      if (!stats) return [];
      const long = Math.max(stats.p50 * 4, stats.p50 + 40);
      const short = stats.p50 / 4;
      return sorted()
        .filter(([length]) => length > long || (length > 0 && length < short))
        .map(([, { example }]) => example)
        .slice(0, 5);
    },
  };
}
