import { describe, expect, it } from 'vitest';
import { parseSpec } from './load-spec.js';

function problemsOf(...flows: string[]) {
  const lines = [
    'version: 1',
    'project: { name: p }',
    'systems: { crm: { kind: postgres } }',
    'flows:',
    ...flows,
  ];
  const result = parseSpec(lines.join('\n'), 'spec.yaml');
  if (result.ok) return [];
  return result.problems.map((p) => ({
    at: `${p.line}:${p.col}`,
    path: p.path,
    code: p.code,
    message: p.message,
    hint: p.hint,
  }));
}

const flow = (name: string, trigger: string) =>
  `  ${name}: { from: { system: crm }, to: { system: crm }, trigger: ${trigger} }`;

describe('checkTrigger', () => {
  it('accepts usual schedules and time zones', () => {
    expect(problemsOf(flow('a', '{ schedule: "*/15 * * * *", timezone: Europe/Berlin }'))).toEqual([]);
    expect(problemsOf(flow('a', '{ schedule: "0 9 * * MON-FRI", timezone: UTC }'))).toEqual([]);
    expect(problemsOf(flow('a', '{ schedule: "@daily" }'))).toEqual([]);
  });

  it('reports a schedule that does not parse, saying why', () => {
    expect(problemsOf(flow('a', '{ schedule: "61 * * * *" }'))).toEqual([
      {
        at: '5:73',
        path: 'flows.a.trigger.schedule',
        code: 'bad-cron',
        message: '"61 * * * *" is not a valid schedule: invalid value for minute: 61',
        hint: 'write five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *" for every 15 minutes',
      },
    ]);
    expect(problemsOf(flow('a', '{ schedule: "every hour" }'))[0]?.message).toBe(
      '"every hour" is not a valid schedule: it has 2 fields, a schedule needs 5',
    );
  });

  it('reports an unknown time zone with a suggestion', () => {
    expect(problemsOf(flow('a', '{ schedule: "0 * * * *", timezone: Europe/Berln }'))[0]).toMatchObject({
      at: '5:96',
      code: 'bad-timezone',
      message: '"Europe/Berln" is not a known time zone',
      hint: 'did you mean "Europe/Berlin"?',
    });
  });

  it('checks the schedule of a flow whose after: is unknown too', () => {
    const problems = problemsOf(flow('a', '{ after: nightly, schedule: "* * *" }'));
    expect(problems.map((p) => p.code)).toEqual(['unknown-flow', 'bad-cron']);
  });

  it('reports flows that wait for each other, once per loop', () => {
    const problems = problemsOf(
      flow('a', '{ after: c }'),
      flow('b', '{ after: a }'),
      flow('c', '{ after: b }'),
      flow('d', '{ after: d }'),
      flow('e', '{ after: a }'),
    );
    expect(problems.map((p) => [p.at, p.code, p.message])).toEqual([
      ['5:70', 'trigger-cycle', 'flows a → c → b → a wait for each other, so none of them would ever run'],
      ['8:70', 'trigger-cycle', 'a flow cannot run after itself, so it would never run'],
    ]);
  });
});
