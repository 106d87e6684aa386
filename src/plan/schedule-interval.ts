import { Cron } from 'croner';

/**
 * The longest gap between two runs of a cron schedule over the next week (ms), e.g. 900000 for
 * "*\/15 * * * *"; undefined when the expression does not parse or never fires.
 */
export function scheduleInterval(expression: string, timezone?: string): number | undefined {
  try {
    const cron = new Cron(expression, { paused: true, ...(timezone ? { timezone } : {}) });
    const start = new Date('2030-01-07T00:00:00Z');
    const runs = cron.nextRuns(200, start);
    if (runs.length < 2) return undefined;
    let longest = 0;
    for (let i = 1; i < runs.length; i++) {
      const gap = (runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0);
      longest = Math.max(longest, gap);
    }
    return longest;
  } catch {
    return undefined;
  }
}
