import mqttClient, { type MqttClient } from 'mqtt';
import { mqtt } from '../../src/connectors/mqtt/mqtt.js';
import { mqttConfig } from '../../src/connectors/mqtt/mqtt-config.js';
import { decodeMessage } from '../../src/connectors/queue/decode-message.js';
import { encodeMessage } from '../../src/connectors/queue/encode-message.js';
import type { Row } from '../../src/core/row.js';
import { acknowledgeLikeEngine } from './acknowledge-like-engine.js';
import { required } from './conformance-data.js';
import { type ConnectorHarness, describeConnectorConformance } from './connector.suite.js';
import { logicalTypesExcept, noRejects } from './harness-setup.js';
import { queueSkips } from './queue-skips.js';

/**
 * The mqtt connector against the real Mosquitto: a "table" is a topic of the same name. A
 * drain client with a persistent session subscribes when the table is created, so it receives
 * everything published to the topic; reading the table collects what it received so far.
 */

const url = 'mqtt://127.0.0.1:1883';
const context = { system: 'broker', config: mqttConfig.parse({ url }), baseDir: '.' };
const drainers = new Map<string, { client: MqttClient; rows: Row[] }>();
const sourceId = (table: string) => `syncline-s-${table}`;

async function connected(options: mqttClient.IClientOptions): Promise<MqttClient> {
  return mqttClient.connectAsync(url, { reconnectPeriod: 0, ...options });
}

const harness: ConnectorHarness = {
  capabilities: {
    types: logicalTypesExcept(),
    modes: required(mqtt.target).modes,
    incremental: false,
    rejects: noRejects,
    skip: {
      ...queueSkips,
      'source-missing-table': 'MQTT topics exist as soon as something is published or subscribed',
      'target-missing-table': 'MQTT topics exist as soon as something is published or subscribed',
    },
  },
  async teardown() {
    for (const [table, { client }] of drainers) {
      await client.endAsync();
      // Leave no persistent sessions behind: connect them clean once.
      const cleaner = await connected({ clientId: sourceId(table), clean: true });
      await cleaner.endAsync();
    }
  },
  async createTable(table) {
    const client = await connected({ clean: true });
    const drained: Row[] = [];
    client.on('message', (_topic, payload) => {
      const decoded = decodeMessage(payload, table.name);
      if ('row' in decoded) drained.push(decoded.row);
    });
    await client.subscribeAsync(table.name, { qos: 1 });
    drainers.set(table.name, { client, rows: drained });
    // The source's persistent session exists before anything is published, as in production.
    const source = await connected({ clientId: sourceId(table.name), clean: false });
    await source.subscribeAsync(table.name, { qos: 1 });
    await source.endAsync();
  },
  async insertRows(table, rows) {
    const client = await connected({ clean: true });
    for (const row of rows) await client.publishAsync(table.name, encodeMessage(row), { qos: 1 });
    await client.endAsync();
  },
  async readTable(table) {
    const drainer = required(drainers.get(table.name), `drain client of ${table.name}`);
    // The broker forwards to the drain client after it acknowledged the publisher: wait until
    // nothing new arrived for 300 ms (at most 10 s) before reading what came.
    for (let quiet = 0, seen = -1, waited = 0; quiet < 300 && waited < 10_000; waited += 50) {
      quiet = drainer.rows.length === seen ? quiet + 50 : 0;
      seen = drainer.rows.length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return [...drainer.rows];
  },
  openSource: async ({ table, key, batchSize }) =>
    acknowledgeLikeEngine(
      await required(mqtt.source).open(context, {
        options: { topic: table.name, clientId: sourceId(table.name), idleMs: 300 },
        key,
        batchSize,
      }),
    ),
  openTarget: ({ table, key, mode }) =>
    required(mqtt.target).open(context, {
      options: { topic: table.name, retain: false },
      key,
      mode,
      resume: undefined,
    }),
};

describeConnectorConformance('mqtt', harness);
