import type { FlowSpec } from '../spec/schema.js';
import { scheduleInterval } from './schedule-interval.js';

/** How often a flow runs, in words: "every 15 min", "real time (webhook)", "after customers". */
export function flowFrequency(flow: FlowSpec): string {
  const trigger = flow.trigger;
  if (trigger?.schedule) {
    const interval = scheduleInterval(trigger.schedule, trigger.timezone);
    if (interval === undefined) return trigger.schedule;
    if (interval < 3_600_000) return `every ${Math.round(interval / 60_000)} min`;
    if (interval < 86_400_000) return `every ${Math.round(interval / 3_600_000)} h`;
    if (interval === 86_400_000) return 'daily';
    return interval === 7 * 86_400_000 ? 'weekly' : `every ${Math.round(interval / 86_400_000)} days`;
  }
  if (trigger?.webhook) return 'real time (webhook)';
  if (trigger?.after) return `after ${trigger.after}`;
  return trigger?.manual ? 'on demand' : 'no trigger';
}

/** "200/day", "50/run", or undefined when the spec states no volume. */
export function flowVolume(flow: FlowSpec): string | undefined {
  const volume = flow.volume;
  if (volume?.perDay !== undefined) return `${formatCount(volume.perDay)}/day`;
  if (volume?.perRun !== undefined) return `${formatCount(volume.perRun)}/run`;
  const expected = flow.monitoring?.expected;
  if (expected?.perDay) return `${formatCount(expected.perDay[1])}/day`;
  if (expected?.perRun) return `${formatCount(expected.perRun[1])}/run`;
  return undefined;
}

const formatCount = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n));
