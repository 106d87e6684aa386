import type { ConnectorDefinition } from '../../core/connector.js';
import { type NatsConfig, natsConfig } from './nats-config.js';
import { type NatsSourceOptions, natsSourceOptions, openNatsSource } from './nats-source.js';
import { type NatsTargetOptions, natsTargetModes, natsTargetOptions, openNatsTarget } from './nats-target.js';

/** NATS JetStream: a durable pull consumer acknowledging after durability; publishes awaiting the stream's ack. */
export const nats: ConnectorDefinition<NatsConfig, NatsSourceOptions, NatsTargetOptions> = {
  kind: 'nats',
  summary:
    'NATS JetStream: read a stream through a durable pull consumer (one JSON object per message, acknowledged only after the batch is written); publish to a subject, each message acknowledged by the stream and de-duplicated by Nats-Msg-Id.',
  config: natsConfig,
  source: {
    options: natsSourceOptions,
    // The durable consumer keeps the position: each run takes what is new.
    isIncremental: () => true,
    open: openNatsSource,
  },
  target: { options: natsTargetOptions, modes: natsTargetModes, open: openNatsTarget },
};
