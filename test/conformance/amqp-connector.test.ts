import { type ChannelModel, connect } from 'amqplib';
import { amqp } from '../../src/connectors/amqp/amqp.js';
import { amqpConfig } from '../../src/connectors/amqp/amqp-config.js';
import { decodeMessage } from '../../src/connectors/queue/decode-message.js';
import { encodeMessage } from '../../src/connectors/queue/encode-message.js';
import type { Row } from '../../src/core/row.js';
import { acknowledgeLikeEngine } from './acknowledge-like-engine.js';
import { required } from './conformance-data.js';
import { type ConnectorHarness, describeConnectorConformance } from './connector.suite.js';
import { logicalTypesExcept, noRejects } from './harness-setup.js';
import { queueSkips } from './queue-skips.js';

/**
 * The amqp connector against the real RabbitMQ: a "table" is a queue of the same name, and its
 * rows are every message ever published to it — the harness's own (kept in memory, since a
 * source under test consumes them) and the connector's (drained from the queue, cumulatively).
 */

const url = 'amqp://guest:guest@127.0.0.1:5672';
const context = { system: 'rabbit', config: amqpConfig.parse({ url }), baseDir: '.' };
let model: ChannelModel;
const queues = new Set<string>();
const drained = new Map<string, Row[]>();
const inserted = new Map<string, readonly Row[]>();

const harness: ConnectorHarness = {
  capabilities: {
    types: logicalTypesExcept(),
    modes: required(amqp.target).modes,
    incremental: false,
    rejects: noRejects,
    skip: queueSkips,
  },
  async setup() {
    model = await connect(url);
  },
  async teardown() {
    const channel = await model.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    await model.close();
  },
  async createTable(table) {
    const channel = await model.createChannel();
    await channel.assertQueue(table.name, { durable: true });
    await channel.close();
    queues.add(table.name);
  },
  async insertRows(table, rows) {
    const channel = await model.createConfirmChannel();
    for (const row of rows) {
      channel.sendToQueue(table.name, encodeMessage(row), { persistent: true, headers: { harness: true } });
    }
    inserted.set(table.name, [...(inserted.get(table.name) ?? []), ...rows]);
    await channel.waitForConfirms();
    await channel.close();
  },
  async readTable(table) {
    const channel = await model.createChannel();
    const rows = drained.get(table.name) ?? [];
    for (let message = await channel.get(table.name); message; message = await channel.get(table.name)) {
      channel.ack(message);
      if (message.properties.headers?.harness === true) continue;
      const decoded = decodeMessage(message.content, table.name);
      if (!('row' in decoded)) throw new Error(decoded.rejected.issue.message);
      rows.push(decoded.row);
    }
    await channel.close();
    drained.set(table.name, rows);
    return [...(inserted.get(table.name) ?? []), ...rows];
  },
  openSource: async ({ table, key, batchSize }) =>
    acknowledgeLikeEngine(
      await required(amqp.source).open(context, {
        options: { queue: table.name, idleMs: 300 },
        key,
        batchSize,
      }),
    ),
  openTarget: ({ table, key, mode }) =>
    required(amqp.target).open(context, {
      options: { queue: table.name, routingKey: '' },
      key,
      mode,
      resume: undefined,
    }),
};

describeConnectorConformance('amqp', harness);
