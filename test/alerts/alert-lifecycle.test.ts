import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { snoozeAlert } from '../../src/observe/snooze-alert.js';
import { type Alerting, startAlerting } from '../../src/observe/start-alerting.js';
import type { Spec } from '../../src/spec/schema.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * What happens to an alert over time, on the real SQLite store and real HTTP receivers: the
 * repeat interval, snoozes (before and while firing), and channels that fail — the evaluation
 * goes on, the failure is logged and kept in the history, and a notification nobody received
 * is sent again on the next pass. Runs are recorded in the store as the engine records them.
 */

const t0 = Date.parse('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000);
let work: ReturnType<typeof makeTempDir>;
let store: StateStore;
let good: WebhookReceiver;
let broken: WebhookReceiver;
let now = at(0);
let alerting: Alerting | undefined;
const logged: string[] = [];
const logger: Logger = {
  info: (m, f) => logged.push(`info ${m} ${JSON.stringify(f)}`),
  warn: (m, f) => logged.push(`warn ${m} ${JSON.stringify(f)}`),
  error: (m, f) => logged.push(`error ${m} ${JSON.stringify(f)}`),
};

function spec(channels: string[]): Spec {
  const flow = (freshness?: string) => ({
    enabled: true,
    from: { system: 'a' },
    to: { system: 'b' },
    onInvalid: 'dead-letter' as const,
    rollback: 'none' as const,
    monitoring: { alert: channels, ...(freshness ? { freshness } : {}) },
  });
  return {
    version: 1,
    project: { name: 'Lifecycle' },
    systems: { a: { kind: 'manual' }, b: { kind: 'manual' } } as Spec['systems'],
    flows: { orders: flow(), stock: flow('1h') },
    alerts: {
      good: { kind: 'webhook', url: good.url },
      broken: { kind: 'slack', url: broken.url },
      unset: { kind: 'webhook', url: '${env:NOT_SET_HOOK}' },
    },
    alerting: { repeat: '1h' },
  };
}

async function failRun(flow: string, minutes: number): Promise<void> {
  const run = await store.startRun(flow, 'schedule', at(minutes).toISOString());
  await store.finishRun(run.id, 'failed', at(minutes + 1).toISOString(), {
    kind: 'transient',
    code: 'connect-failed',
    message: 'connect ECONNREFUSED 127.0.0.1:5432',
  });
}

function start(channels: string[]): Alerting {
  alerting = startAlerting({
    project: { spec: spec(channels), baseDir: work.dir },
    store,
    clock: () => now,
    logger,
    env: {},
    intervalMs: 0,
    sleep: async () => {},
  });
  return alerting;
}

async function evaluateAt(minutes: number) {
  now = at(minutes);
  return (alerting as Alerting).evaluateNow();
}

const events = async (flow: string) =>
  (await store.monitoring.listAlertEvents({ flow }))
    .map((e) => `${e.event}${e.channel ? ` ${e.channel}` : ''}`)
    .reverse();

beforeEach(async () => {
  work = makeTempDir('alert-lifecycle');
  store = await openSqliteStore(path.join(work.dir, 'state.db'));
  good = await startWebhookReceiver();
  broken = await startWebhookReceiver();
  broken.status = 500;
  logged.length = 0;
});

afterEach(async () => {
  await alerting?.stop();
  await store.close();
  await good.close();
  await broken.close();
  work.remove();
});

describe('alert lifecycle', () => {
  it('repeats while firing after the repeat interval, and not before', async () => {
    start(['good']);
    await failRun('orders', 0);
    await evaluateAt(5);
    await evaluateAt(35);
    expect(good.bodies.map((b) => b.event)).toEqual(['fired']);
    await evaluateAt(66);
    await evaluateAt(90);
    expect(good.bodies.map((b) => b.event)).toEqual(['fired', 'repeated']);
    expect(good.bodies[1]).toMatchObject({ alert: 'run-failed:orders', since: at(5).toISOString() });
    expect(await events('orders')).toEqual(['fired good', 'repeated good']);
  });

  it('a snooze keeps a firing alert quiet until it ends, and one set beforehand suppresses a new alert', async () => {
    start(['good']);
    const spec0 = spec(['good']);
    await failRun('orders', 0);
    await evaluateAt(5);
    await snoozeAlert(spec0, store, {
      rule: 'run-failed',
      flow: 'orders',
      until: at(125),
      by: 'dana',
      now: at(10),
    });
    await evaluateAt(70);
    await evaluateAt(120);
    expect(good.bodies.map((b) => b.event)).toEqual(['fired']);
    await evaluateAt(126);
    expect(good.bodies.map((b) => b.event)).toEqual(['fired', 'repeated']);
    expect(await events('orders')).toEqual(['fired good', 'snoozed', 'repeated good']);
    expect((await store.monitoring.listAlertEvents({ flow: 'orders' }))[1]).toMatchObject({
      event: 'snoozed',
      detail: 'dana',
    });

    // Snoozed before it fires: recorded, not sent; after the unsnooze it is sent as new.
    await snoozeAlert(spec0, store, {
      rule: 'silence',
      flow: 'stock',
      until: at(600),
      by: 'lee',
      now: at(126),
    });
    await failRun('stock', 0);
    await evaluateAt(130);
    expect(good.bodies.filter((b) => b.alert === 'silence:stock')).toEqual([]);
    const [stockAlert] = (await store.monitoring.listAlerts()).filter((a) => a.id === 'silence:stock');
    expect(stockAlert).toMatchObject({ status: 'firing', snoozedBy: 'lee' });
    await snoozeAlert(spec0, store, {
      rule: 'silence',
      flow: 'stock',
      until: undefined,
      by: 'lee',
      now: at(131),
    });
    await evaluateAt(132);
    expect(good.bodies.filter((b) => b.flow === 'stock').map((b) => `${b.rule} ${b.event}`)).toEqual([
      'run-failed fired', // not snoozed: sent at 130
      'silence fired',
    ]);
    await expect(
      snoozeAlert(spec0, store, { rule: 'silense', flow: 'stock', until: at(700), by: 'lee', now: at(133) }),
    ).rejects.toThrow(/Unknown alert rule "silense" \(did you mean "silence"\?\)/);
  });

  it('a failing channel is retried, logged without its secret and recorded; the others still receive', async () => {
    start(['good', 'broken', 'unset']);
    await failRun('orders', 0);
    const report = await evaluateAt(5);
    expect(report.notifications[0]?.outcomes.map((o) => [o.channel, o.ok])).toEqual([
      ['good', true],
      ['broken', false],
      ['unset', false],
    ]);
    expect(good.bodies).toHaveLength(1);
    expect(await events('orders')).toEqual(['delivery-failed broken', 'delivery-failed unset', 'fired good']);
    const log = logged.join('\n');
    expect(log.match(/warn alert delivery failed; retrying .*"channel":"broken"/g)).toHaveLength(2);
    expect(log).toMatch(/error alert delivery failed .*"channel":"broken".*HTTP 500/);
    // A missing secret is a config error: not retried, and named so it can be fixed.
    expect(log).not.toMatch(/retrying .*"channel":"unset"/);
    expect(log).toMatch(/NOT_SET_HOOK/);
    expect(log).not.toContain('SECRET');
  });

  it('a notification no channel received is sent on the next pass', async () => {
    start(['broken']);
    await failRun('orders', 0);
    await evaluateAt(5);
    expect(broken.bodies).toHaveLength(0);
    broken.status = 200;
    await evaluateAt(6);
    await evaluateAt(7);
    expect(broken.bodies).toHaveLength(1);
    expect(broken.bodies[0]).toMatchObject({
      text: expect.stringMatching(/^FIRING critical: run failed on orders/),
    });
    expect(await events('orders')).toEqual(['delivery-failed broken', 'fired broken']);
  });
});
