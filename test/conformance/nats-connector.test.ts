import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { nats } from '../../src/connectors/nats/nats.js';
import { natsConfig } from '../../src/connectors/nats/nats-config.js';
import { decodeMessage } from '../../src/connectors/queue/decode-message.js';
import { encodeMessage } from '../../src/connectors/queue/encode-message.js';
import type { Row } from '../../src/core/row.js';
import { acknowledgeLikeEngine } from './acknowledge-like-engine.js';
import { required } from './conformance-data.js';
import { type ConnectorHarness, describeConnectorConformance } from './connector.suite.js';
import { logicalTypesExcept, noRejects } from './harness-setup.js';
import { queueSkips } from './queue-skips.js';

/**
 * The nats connector against the real NATS JetStream: a "table" is a stream of the same name
 * capturing the subject of the same name. A stream keeps its messages after they are
 * consumed, so reading a table reads the whole stream by sequence.
 */

const context = {
  system: 'bus',
  config: natsConfig.parse({ servers: 'nats://127.0.0.1:4222' }),
  baseDir: '.',
};
let connection: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
const streams = new Set<string>();

const harness: ConnectorHarness = {
  capabilities: {
    types: logicalTypesExcept(),
    modes: required(nats.target).modes,
    incremental: false,
    rejects: noRejects,
    skip: queueSkips,
  },
  async setup() {
    connection = await connect({ servers: 'nats://127.0.0.1:4222' });
    js = jetstream(connection);
    jsm = await jetstreamManager(connection);
  },
  async teardown() {
    for (const stream of streams) await jsm.streams.delete(stream);
    await connection.close();
  },
  async createTable(table) {
    await jsm.streams.add({ name: table.name, subjects: [table.name] });
    streams.add(table.name);
  },
  async insertRows(table, rows) {
    for (const row of rows) await js.publish(table.name, encodeMessage(row));
  },
  async readTable(table) {
    const info = await jsm.streams.info(table.name);
    const rows: Row[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(table.name, { seq });
      if (!message) continue;
      const decoded = decodeMessage(message.data, table.name);
      if (!('row' in decoded)) throw new Error(decoded.rejected.issue.message);
      rows.push(decoded.row);
    }
    return rows;
  },
  openSource: async ({ table, key, batchSize }) =>
    acknowledgeLikeEngine(
      await required(nats.source).open(context, {
        options: { stream: table.name, consumer: `c_${table.name}`, idleMs: 300, ackWaitMs: 60_000 },
        key,
        batchSize,
      }),
    ),
  openTarget: ({ table, key, mode }) =>
    required(nats.target).open(context, { options: { subject: table.name }, key, mode, resume: undefined }),
};

describeConnectorConformance('nats', harness);
