import { createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ServingProject } from '../../src/server/serve-project.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import { freePort } from '../support/free-port.js';
import { editSpec, eventually, loadServedProject, logLines, serveOnLoopback } from './serve-harness.js';

const secret = `whsec_${randomBytes(24).toString('base64')}`;

function sign(body: string): Record<string, string> {
  const id = `msg_${randomBytes(6).toString('hex')}`;
  const at = Math.floor(Date.now() / 1000);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${at}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(at),
    'webhook-signature': `v1,${signature}`,
  };
}

describe('syncline serve with a webhook source', () => {
  const copy = copyExample('quick-start');
  let store: StateStore | undefined;
  let serving: ServingProject | undefined;
  afterAll(async () => {
    await serving?.close(10_000);
    await store?.close();
    copy.remove();
  });

  it('takes signed POSTs at /hooks/FLOW on its own port and answers once the records are stored', async () => {
    // The webhook system's own port is never opened: the server's listener takes the requests.
    editSpec(copy.spec, [
      [
        'systems:\n',
        `systems:\n  shop:\n    kind: webhook\n    owner: shop@example.com\n    connection: { port: ${await freePort()}, secret: "\${env:SHOP_HOOK_SECRET}" }\n`,
      ],
      ['trigger: { schedule: "*/15 * * * *" }', 'trigger: { manual: true }'],
    ]);
    appendFileSync(
      copy.spec,
      '\n  orders-in:\n    from: { system: shop, key: id }\n    to: { system: finance, file: orders.csv, mode: insert }\n',
    );
    const env = { ...process.env, SHOP_HOOK_SECRET: secret };
    const project = await loadServedProject(copy.spec, env);
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
    const logs = logLines();
    serving = await serveOnLoopback({
      alerting: true,
      project,
      store,
      env,
      logTo: logs.stream,
      consumeWindowMs: 2000,
      retryMs: 200,
    });
    const body = JSON.stringify([
      { id: 1, item: 'chair' },
      { id: 2, item: 'desk' },
    ]);
    const answer = await eventually('the webhook to take requests', async () => {
      const response = await fetch(`${serving?.url}/hooks/orders-in`, {
        method: 'POST',
        headers: sign(body),
        body,
      });
      return response.status === 503 ? undefined : { status: response.status, body: await response.json() };
    });
    expect(answer).toEqual({ status: 200, body: { received: 2 } });
    // Answered only after the write: the records are in the file already.
    const written = readFileSync(path.join(copy.dir, 'work', 'finance', 'orders.csv'), 'utf8');
    expect(written).toContain('chair');
    expect(written).toContain('desk');

    const forged = await fetch(`${serving?.url}/hooks/orders-in`, {
      method: 'POST',
      headers: { ...sign(body), 'webhook-signature': 'v1,AAAA' },
      body,
    });
    expect(forged.status).toBe(401);
    const runs = await store.listRuns({ flow: 'orders-in', limit: 100 });
    expect(runs.find((run) => run.written === 2)).toMatchObject({ trigger: 'webhook' });
    expect(logs.lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});
