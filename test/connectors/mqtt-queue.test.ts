import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mqttClient from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqtt } from '../../src/connectors/mqtt/mqtt.js';
import { mqttConfig } from '../../src/connectors/mqtt/mqtt-config.js';
import { encodeMessage } from '../../src/connectors/queue/encode-message.js';
import { IntegrationError } from '../../src/core/integration-error.js';
import type { Row } from '../../src/core/row.js';
import { required } from '../conformance/conformance-data.js';
import { freePort } from '../support/free-port.js';
import { makeTempDir } from '../support/temp-dir.js';
import { type QueueFlowBench, queueFlowBench } from './queue-flow.js';

/** The mqtt connector with the engine and the real Mosquitto: delivery guarantees and errors. */

const url = 'mqtt://127.0.0.1:1883';
const topic = `syncline/test/${randomUUID()}`;
const clientId = `syncline-${randomUUID().slice(0, 8)}`;
let bench: QueueFlowBench;

const context = (config: Record<string, unknown> = { url }) => ({
  system: 'broker',
  config: mqttConfig.parse({ connectTimeout: 3000, ...config }),
  baseDir: '.',
});
const openSource = () =>
  required(mqtt.source).open(context(), {
    options: { topic, clientId, idleMs: 300 },
    key: ['id'],
    batchSize: 10,
  });
const rows = (ids: readonly number[]): Row[] => ids.map((id) => ({ id, name: `item ${id}` }));
async function publish(bodies: readonly Buffer[]): Promise<void> {
  const client = await mqttClient.connectAsync(url, { reconnectPeriod: 0 });
  for (const body of bodies) await client.publishAsync(topic, body, { qos: 1 });
  await client.endAsync();
}

beforeAll(async () => {
  bench = await queueFlowBench(10);
  // The first run creates the persistent session; from then on the broker keeps messages for it.
  expect(await bench.run(openSource)).toMatchObject({ status: 'succeeded', read: 0 });
});
afterAll(async () => {
  const cleaner = await mqttClient.connectAsync(url, { clientId, clean: true, reconnectPeriod: 0 });
  await cleaner.endAsync();
  await bench.close();
});

describe('mqtt source with the engine', () => {
  it('keeps messages published while the flow is not running, and acknowledges only after the commit', async () => {
    await publish(rows([1, 2, 3]).map(encodeMessage));
    const crashed = await bench.run(openSource, { failCommit: true });
    expect(crashed.status).toBe('failed');

    const next = await bench.run(openSource);
    expect(next).toMatchObject({ status: 'succeeded', read: 3, written: 3 });
    expect(bench.rows().map((r) => r.id)).toEqual([1, 2, 3]);
    // Everything was acknowledged: a further run finds nothing.
    expect(await bench.run(openSource)).toMatchObject({ status: 'succeeded', read: 0 });
  });

  it('dead-letters a message that is not a JSON object, with its raw text, and goes on', async () => {
    await publish([encodeMessage({ id: 4, name: 'four' }), Buffer.from('not json'), Buffer.from('42')]);
    const run = await bench.run(openSource);
    expect(run).toMatchObject({ status: 'succeeded', read: 3, written: 1, deadLettered: 2 });
    const letters = await bench.store.listDeadLetters({ flow: 'queue-in' });
    expect(letters.map((letter) => letter.payload)).toEqual(
      expect.arrayContaining([{ raw: 'not json' }, { raw: '42' }]),
    );
  });
});

describe('mqtt errors', () => {
  it('unreachable: a transient error naming the system and the server', async () => {
    const error = await required(mqtt.target)
      .open(context({ url: 'mqtt://127.0.0.1:1' }), {
        options: { topic, retain: false },
        key: [],
        mode: 'insert',
        resume: undefined,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ kind: 'transient', code: 'unreachable' });
    expect((error as Error).message).toContain('System "broker": cannot reach MQTT broker at 127.0.0.1:1');
  });

  describe('against a broker that requires a password', () => {
    const work = makeTempDir('mosquitto');
    let child: ChildProcess;
    let port: number;
    beforeAll(async () => {
      port = await freePort();
      const passwords = path.join(work.dir, 'passwords');
      writeFileSync(passwords, '');
      execFileSync('mosquitto_passwd', ['-b', passwords, 'app', 'right']);
      const conf = path.join(work.dir, 'mosquitto.conf');
      writeFileSync(
        conf,
        `listener ${port} 127.0.0.1\nallow_anonymous false\npassword_file ${passwords}\npersistence false\n`,
      );
      // Run as root, mosquitto drops to its own user, which must read the files.
      chmodSync(work.dir, 0o755);
      chmodSync(passwords, 0o644);
      child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
      for (let attempt = 0; ; attempt++) {
        try {
          const probe = await mqttClient.connectAsync(`mqtt://127.0.0.1:${port}`, {
            username: 'app',
            password: 'right',
            reconnectPeriod: 0,
          });
          await probe.endAsync();
          break;
        } catch (error) {
          if (attempt > 50) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    });
    afterAll(() => {
      child.kill();
      work.remove();
    });

    it('wrong credentials: one config error naming the system, without the password', async () => {
      const error = await required(mqtt.source)
        .open(context({ url: `mqtt://127.0.0.1:${port}`, username: 'app', password: 'wrong' }), {
          options: { topic, clientId: 'x', idleMs: 300 },
          key: [],
          batchSize: 1,
        })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'config', code: 'auth-failed' });
      expect((error as Error).message).toContain('System "broker"');
      expect((error as Error).message).not.toContain('wrong');
    });
  });
});
