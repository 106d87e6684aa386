import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from '../../src/connectors/registry.js';
import type { Logger } from '../../src/core/logger.js';
import { checkProject, type Project } from '../../src/engine/check-project.js';
import { connectFlow } from '../../src/engine/connect-flow.js';
import { runFlow } from '../../src/engine/run-flow.js';
import { type Alerting, startAlerting } from '../../src/observe/start-alerting.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The go-live acceptance test for alerts: the quick-start demo's customer flow runs for real
 * (Chinook customers, SQLite CRM to SQLite ERP) under an injected clock. When its runs stop
 * moving records for longer than its freshness window, one silence alert reaches a local
 * webhook receiver and a local SMTP server — once, however often the rules are evaluated —
 * and a resolve message follows the first real run that moves a record again.
 */

const demo = copyExample('quick-start');
let hook: WebhookReceiver;
let smtp: SmtpSink;
let project: Project;
let store: StateStore;
let alerting: Alerting;
let now = new Date('2026-03-02T09:00:00Z');
const logged: string[] = [];
const logger: Logger = {
  info: (message, fields) => logged.push(`${message} ${JSON.stringify(fields ?? {})}`),
  warn: (message, fields) => logged.push(`${message} ${JSON.stringify(fields ?? {})}`),
  error: (message, fields) => logged.push(`${message} ${JSON.stringify(fields ?? {})}`),
};

const at = (minutes: number) => new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * 60_000);

async function runCustomers(minutes: number) {
  now = at(minutes);
  const flow = project.flows.get('customers-to-erp');
  if (!flow) throw new Error('the demo has no customers-to-erp flow');
  return runFlow({
    flow,
    store,
    clock: () => now,
    endpoints: connectFlow(flow, { baseDir: project.baseDir, env: {} }),
  });
}

async function evaluateAt(minutes: number) {
  now = at(minutes);
  return alerting.evaluateNow();
}

beforeAll(async () => {
  hook = await startWebhookReceiver();
  smtp = await startSmtpSink();
  const spec = readFileSync(demo.spec, 'utf8');
  const withMonitoring = spec.replace(
    '    errors: { retry: { attempts: 3, backoff: exponential, maxDelay: 1m }, deadLetter: true }\n',
    `$&    monitoring: { freshness: 1h, alert: [hook, mail], rules: { errorRate: { threshold: 0.2 } } }\n`,
  );
  expect(withMonitoring).not.toBe(spec);
  writeFileSync(
    demo.spec,
    `${withMonitoring}
alerts:
  hook: { kind: webhook, url: "\${env:ALERT_HOOK_URL}" }
  mail:
    kind: email
    to: [ops@example.com]
    from: syncline@example.com
    smtp: { host: 127.0.0.1, port: ${smtp.port} }
`,
  );
  const checked = await checkProject(demo.spec, connectors, { env: {} });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  project = checked.project;
  store = await openSqliteStore(path.join(demo.dir, '.syncline', 'state.db'));
  alerting = startAlerting({
    project,
    store,
    clock: () => now,
    logger,
    env: { ALERT_HOOK_URL: hook.url },
    intervalMs: 0,
  });
});

afterAll(async () => {
  await alerting?.stop();
  await store?.close();
  await hook?.close();
  await smtp?.close();
  demo.remove();
});

describe('a flow that goes silent', () => {
  it('alerts once by webhook and by email, and resolves after a real run moves records again', async () => {
    const first = await runCustomers(0);
    expect(first.status).toBe('succeeded');
    expect(first.read).toBe(59);
    expect((await evaluateAt(10)).firing).toEqual([]);

    // Nothing new in the CRM: the runs succeed and read nothing.
    expect((await runCustomers(30)).read).toBe(0);
    expect((await evaluateAt(45)).firing).toEqual([]);
    expect((await runCustomers(90)).read).toBe(0);

    const fired = await evaluateAt(91);
    expect(fired.firing.map((f) => `${f.rule}:${f.flow}`)).toEqual(['silence:customers-to-erp']);
    // Evaluated again and again while still silent (repeat interval 4h): no second message.
    for (const minutes of [100, 120, 150, 200]) await evaluateAt(minutes);
    expect(hook.bodies).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);

    expect(hook.bodies[0]).toMatchObject({
      status: 'firing',
      event: 'fired',
      alert: 'silence:customers-to-erp',
      rule: 'silence',
      flow: 'customers-to-erp',
      severity: 'critical',
      since: at(91).toISOString(),
      runbook: 'runbooks/customers-to-erp.md#alert-silence',
    });
    expect(String(hook.bodies[0]?.message)).toMatch(/no records moved for 1h 31m \(freshness 1h\)/);
    const mail = smtp.mails[0];
    expect(mail?.to).toEqual(['ops@example.com']);
    expect(mail?.from).toBe('syncline@example.com');
    expect(mail?.raw).toMatch(/Subject: \[syncline\] FIRING critical: silence on customers-to-erp/);
    expect(mail?.raw).toContain('runbooks/customers-to-erp.md#alert-silence');

    // A real change in the CRM: the next run moves it, and the silence is over.
    const crm = new Database(path.join(demo.dir, 'work', 'crm.db'));
    crm
      .prepare("UPDATE customers SET phone = '+55 12 3923-5556', updated_at = ? WHERE id = 1")
      .run(at(205).toISOString());
    crm.close();
    const recovered = await runCustomers(210);
    expect(recovered.status).toBe('succeeded');
    expect(recovered.read).toBe(1);
    const cleared = await evaluateAt(215);
    expect(cleared.firing).toEqual([]);
    await evaluateAt(230);

    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies[1]).toMatchObject({
      status: 'resolved',
      event: 'resolved',
      alert: 'silence:customers-to-erp',
    });
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]?.raw).toMatch(/Subject: \[syncline\] RESOLVED: silence on customers-to-erp/);

    const history = await store.monitoring.listAlertEvents({ flow: 'customers-to-erp' });
    expect(history.map((e) => [e.event, e.channel])).toEqual([
      ['resolved', 'hook, mail'],
      ['fired', 'hook, mail'],
    ]);
    const [state] = await store.monitoring.listAlerts();
    expect(state).toMatchObject({ id: 'silence:customers-to-erp', status: 'clear' });
    // The webhook's token is in its URL path: never in a log line.
    expect(logged.join('\n')).not.toContain('SECRET');
    expect(logged.some((line) => line.startsWith('alert delivered'))).toBe(true);
  });
});
