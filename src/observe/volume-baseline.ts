/**
 * The learnt volume baseline (docs/decisions/0034): past runs that started in the same hour of
 * the week, summarised by median and MAD, so a few outliers in the history (a backfill, an
 * outage) neither move the baseline nor widen it the way a mean and standard deviation would.
 */

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 0 (Sunday 00:00–00:59) … 167 (Saturday 23:00–23:59), in the given IANA time zone. */
export function hourOfWeek(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at);
  const day = weekdays.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  return day * 24 + hour;
}

/** "Mondays 09:00–10:00". */
export function describeHourOfWeek(slot: number): string {
  const hour = slot % 24;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${weekdays[Math.floor(slot / 24)]} ${pad(hour)}:00–${pad((hour + 1) % 24)}:00`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Baseline {
  readonly median: number;
  /** Median absolute deviation, scaled (×1.4826) to be comparable with a standard deviation. */
  readonly spread: number;
  readonly samples: number;
}

export function learnBaseline(values: readonly number[]): Baseline {
  const center = median(values);
  const mad = median(values.map((v) => Math.abs(v - center)));
  return { median: center, spread: 1.4826 * mad, samples: values.length };
}

/**
 * The range a value may take before it is unusual. A perfectly regular history has a spread
 * of 0; the floor (10% of the median, at least 1 record) keeps one extra record from alerting.
 */
export function usualRange(baseline: Baseline, tolerance: number): readonly [number, number] {
  const width = tolerance * Math.max(baseline.spread, 0.1 * baseline.median, 1);
  return [Math.max(0, Math.ceil(baseline.median - width)), Math.floor(baseline.median + width)];
}
