import { appendFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src/engine/check-project.js';
import { createSystemCheck } from '../../src/server/check-systems.js';
import type { ServingProject } from '../../src/server/serve-project.js';
import { openSqliteStore } from '../../src/store/sqlite/open-sqlite-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { copyExample } from '../support/example-copy.js';
import { freePort } from '../support/free-port.js';
import { editSpec, loadServedProject, serveOnLoopback } from './serve-harness.js';

/** A port forwarder to the PostgreSQL server on the machine: the "warehouse" is up while it listens. */
function forwardToPostgres(port: number): Promise<Server> {
  const server = createServer((socket) => {
    const upstream = createConnection({ host: '127.0.0.1', port: 5432 });
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const stop = (server: Server | undefined) =>
  new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));

/**
 * /readyz contacts every system a served flow uses: a PostgreSQL system on a port where nothing
 * listens makes it answer 503 naming the system and the error, while /healthz stays 200; once
 * the server answers there, /readyz is ready again. Answers are reused for the cache period.
 */
describe('/readyz contacts the systems of the served flows', () => {
  const copy = copyExample('quick-start');
  let port: number;
  let project: Project;
  let store: StateStore;
  let serving: ServingProject | undefined;
  let forwarder: Server | undefined;

  beforeAll(async () => {
    port = await freePort();
    editSpec(copy.spec, [
      [
        '  finance:\n',
        `  warehouse:\n    kind: postgres\n    owner: bi@example.com\n    connection: { host: 127.0.0.1, port: ${port}, user: root, database: test, connectTimeout: 1000 }\n  finance:\n`,
      ],
    ]);
    // Served (it has a schedule), but the schedule does not come round during the test.
    appendFileSync(
      copy.spec,
      '\n  customers-to-warehouse:\n    from: { system: crm, table: customers, key: id }\n    to: { system: warehouse, table: clients, key: client_no, mode: upsert }\n    trigger: { schedule: "0 0 1 1 *" }\n    fields:\n      - { from: customer_no, to: client_no }\n',
    );
    project = await loadServedProject(copy.spec, process.env);
    store = await openSqliteStore(path.join(copy.dir, '.syncline', 'state.db'));
  });
  afterAll(async () => {
    await serving?.close(10_000);
    await stop(forwarder);
    await store?.close();
    copy.remove();
  });

  it('answers 503 naming the unreachable system, then 200 once it answers; /healthz stays 200', async () => {
    serving = await serveOnLoopback({
      project,
      store,
      env: process.env,
      // Every probe contacts the systems again, so the test sees the change at once.
      systemCheck: { cacheMs: 0 },
    });
    const readyz = async () => {
      const response = await fetch(`${serving?.url}/readyz`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not ready');
    const systems = down.body.systems as Record<string, Record<string, unknown>>;
    expect(systems.warehouse).toMatchObject({ status: 'unreachable', circuit: 'closed' });
    expect(String(systems.warehouse?.error)).toContain(String(port));
    expect(systems.crm).toMatchObject({ status: 'ok' });
    expect(down.body.reasons).toEqual([expect.stringMatching(/^system warehouse is unreachable: /)]);
    expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);

    forwarder = await forwardToPostgres(port);
    const up = await readyz();
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ status: 'ready', systems: { warehouse: { status: 'ok' } } });
    expect(up.body.reasons).toBeUndefined();
  });

  it('reuses an answer for the cache period, then asks again', async () => {
    await stop(forwarder);
    forwarder = undefined;
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const warehouse = project.flows.get('customers-to-warehouse');
    if (!warehouse) throw new Error('no flow customers-to-warehouse');
    const check = createSystemCheck({
      flows: [warehouse],
      context: { baseDir: project.baseDir, env: process.env },
      clock: () => new Date(now),
    });
    expect((await check()).warehouse?.status).toBe('unreachable');
    forwarder = await forwardToPostgres(port);
    now += 9_000;
    expect((await check()).warehouse?.status).toBe('unreachable');
    now += 1_000;
    expect((await check()).warehouse?.status).toBe('ok');
  });
});
