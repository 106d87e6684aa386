import { describe, expect, it } from 'vitest';
import type { Spec } from '../spec/schema.js';
import type { RunRecord } from '../store/state-store.js';
import { alertSettings } from './alert-settings.js';
import { evaluateRules } from './evaluate-rules.js';
import type { FlowHistory } from './flow-history.js';

const hour = 3_600_000;
const week = 7 * 24 * hour;

function specWith(
  monitoring: NonNullable<Spec['flows']>[string]['monitoring'],
  alerting?: Spec['alerting'],
): Spec {
  return {
    version: 1,
    project: { name: 'p' },
    systems: {},
    flows: {
      f: {
        enabled: true,
        from: { system: 'a' },
        to: { system: 'b' },
        onInvalid: 'dead-letter',
        rollback: 'none',
        monitoring,
      },
    },
    alerting,
  };
}

let seq = 0;
function run(
  startedAt: Date,
  read: number,
  status: RunRecord['status'] = 'succeeded',
  deadLettered = 0,
): RunRecord {
  seq += 1;
  return {
    id: `run-${seq}`,
    flow: 'f',
    trigger: 'schedule',
    status,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + 60_000).toISOString(),
    read,
    written: read - deadLettered,
    deadLettered,
    warnings: 0,
    ...(status === 'failed'
      ? { error: { kind: 'transient', code: 'connect-failed', message: 'ECONNREFUSED' } }
      : {}),
  };
}

function history(runs: RunRecord[], open = 0, openBefore = 0): FlowHistory {
  // Newest first, as the store lists them.
  return { flow: 'f', runs: [...runs].reverse(), openDeadLetters: open, openDeadLettersBefore: openBefore };
}

/** Monday 09:10 UTC, and the same hour on the weeks before. */
const monday = new Date('2026-03-02T09:10:00Z');
const weeksBefore = (n: number, read: number) =>
  Array.from({ length: n }, (_, i) => run(new Date(monday.getTime() - (n - i) * week), read + (i % 3)));

describe('volume', () => {
  it('learns a baseline per hour of the week and flags a run far outside it', () => {
    const settings = alertSettings(specWith({}), 'f');
    // Four Mondays at 09:00 moved ~1000 records; other hours moved ~10 and must not count.
    const otherHours = [1, 2, 3].map((h) => run(new Date(monday.getTime() - h * hour), 10));
    const usual = history([...weeksBefore(4, 1000), ...otherHours, run(monday, 1001)]);
    expect(evaluateRules(settings, usual, monday)).toEqual([]);
    const drop = history([...weeksBefore(4, 1000), ...otherHours, run(monday, 120)]);
    const [finding] = evaluateRules(settings, drop, monday);
    expect(finding).toMatchObject({ rule: 'volume', flow: 'f', severity: 'warning' });
    expect(finding?.message).toMatch(
      /read 120 records; usual for Mon 09:00–10:00 is 601–1400 \(median 1000.5 of 4 runs/,
    );
  });

  it('is robust to an outlier in the history', () => {
    const settings = alertSettings(specWith({}), 'f');
    const past = weeksBefore(4, 1000);
    past[1] = run(new Date(past[1]?.startedAt as string), 250_000); // a backfill one Monday
    expect(evaluateRules(settings, history([...past, run(monday, 1000)]), monday)).toEqual([]);
    expect(evaluateRules(settings, history([...past, run(monday, 5000)]), monday)).toHaveLength(1);
  });

  it('uses monitoring.expected until enough history exists (cold start)', () => {
    const settings = alertSettings(specWith({ expected: { perRun: [50, 500] } }), 'f');
    const young = history([...weeksBefore(2, 100), run(monday, 900)]);
    const [finding] = evaluateRules(settings, young, monday);
    expect(finding?.message).toMatch(
      /read 900 records; expected 50–500 per run \(monitoring.expected; 2 of 3 past runs/,
    );
    expect(evaluateRules(settings, history([...weeksBefore(2, 100), run(monday, 400)]), monday)).toEqual([]);
    // With a third Monday the learnt baseline (~100) takes over: 400 is now unusual, 100 is not.
    expect(evaluateRules(settings, history([...weeksBefore(3, 100), run(monday, 400)]), monday)).toHaveLength(
      1,
    );
    expect(evaluateRules(settings, history([...weeksBefore(3, 100), run(monday, 101)]), monday)).toEqual([]);
  });

  it('checks the last day against expected.perDay once a day of history exists', () => {
    const settings = alertSettings(specWith({ expected: { perDay: [100, 1000] } }), 'f');
    const day = Array.from({ length: 30 }, (_, i) => run(new Date(monday.getTime() - (29 - i) * hour), 1));
    const [finding] = evaluateRules(settings, history(day), monday);
    expect(finding?.message).toMatch(/the last 24 hours read 24 records; expected 100–1000 a day/);
    expect(evaluateRules(settings, history(day.slice(-10)), monday)).toEqual([]);
  });
});

describe('silence, failures, error rate, backlog', () => {
  it('fires silence when no successful run moved records within freshness', () => {
    const settings = alertSettings(specWith({ freshness: '1h' }), 'f');
    const runs = [
      run(new Date(monday.getTime() - 3 * hour), 5),
      run(new Date(monday.getTime() - 30 * 60_000), 0),
    ];
    const [finding] = evaluateRules(settings, history(runs), monday);
    expect(finding).toMatchObject({ rule: 'silence', severity: 'critical' });
    expect(finding?.message).toMatch(
      /no records moved for 2h 59m \(freshness 1h\).*succeeded with 0 records/,
    );
    expect(evaluateRules(settings, history([]), monday)).toEqual([]); // never ran: not live yet
  });

  it('fires run-failed on a failed last run and error-rate above the threshold', () => {
    const settings = alertSettings(
      specWith({}, { rules: { errorRate: { threshold: 0.1, severity: 'critical' } } }),
      'f',
    );
    const failed = evaluateRules(settings, history([run(monday, 0, 'failed')]), monday);
    expect(failed.map((f) => [f.rule, f.severity])).toEqual([['run-failed', 'critical']]);
    expect(failed[0]?.message).toMatch(/\[connect-failed\] ECONNREFUSED/);
    const invalid = evaluateRules(settings, history([run(monday, 100, 'succeeded', 11)]), monday);
    expect(invalid.map((f) => [f.rule, f.severity])).toEqual([['error-rate', 'critical']]);
    expect(evaluateRules(settings, history([run(monday, 100, 'succeeded', 10)]), monday)).toEqual([]);
  });

  it('fires dead-letter-backlog when enough new dead letters stay open, and honours enabled: false', () => {
    const spec = specWith({ rules: { deadLetterBacklog: { growth: 5 } } });
    expect(evaluateRules(alertSettings(spec, 'f'), history([], 12, 6), monday)[0]?.message).toBe(
      '6 new dead letters are still open from the last 24h (12 open in all)',
    );
    expect(evaluateRules(alertSettings(spec, 'f'), history([], 12, 8), monday)).toEqual([]);
    const off = specWith(
      { rules: { deadLetterBacklog: { enabled: false } } },
      { rules: { deadLetterBacklog: { growth: 1 } } },
    );
    expect(evaluateRules(alertSettings(off, 'f'), history([], 12, 0), monday)).toEqual([]);
  });
});
