import type { ConnectorDefinition } from '../../core/connector.js';
import { type NatsConfig, natsConfig } from './nats-config.js';
import { type NatsSourceOptions, natsSourceOptions } from './nats-source-options.js';
import { type NatsTargetOptions, natsTargetModes, natsTargetOptions } from './nats-target-options.js';

/**
 * NATS JetStream: a durable pull consumer acknowledging after durability; publishes awaiting the stream's ack.
 * The definition holds only the option schemas; the NATS client and its helpers load on first use.
 */
export const nats: ConnectorDefinition<NatsConfig, NatsSourceOptions, NatsTargetOptions> = {
  kind: 'nats',
  summary:
    'NATS JetStream: read a stream through a durable pull consumer (one JSON object per message, acknowledged only after the batch is written); publish to a subject, each message acknowledged by the stream and de-duplicated by Nats-Msg-Id.',
  config: natsConfig,
  source: {
    options: natsSourceOptions,
    // The durable consumer keeps the position: each run takes what is new.
    isIncremental: () => true,
    open: async (context, options) => (await import('./nats-source.js')).openNatsSource(context, options),
  },
  target: {
    options: natsTargetOptions,
    modes: natsTargetModes,
    open: async (context, options) => (await import('./nats-target.js')).openNatsTarget(context, options),
  },
};
