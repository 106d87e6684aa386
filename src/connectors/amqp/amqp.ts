import type { ConnectorDefinition } from '../../core/connector.js';
import { type AmqpConfig, amqpConfig } from './amqp-config.js';
import { type AmqpSourceOptions, amqpSourceOptions } from './amqp-source-options.js';
import { type AmqpTargetOptions, amqpTargetModes, amqpTargetOptions } from './amqp-target-options.js';

/**
 * RabbitMQ (AMQP 0-9-1): consume a queue, acknowledging after durability; publish with confirms.
 * The definition holds only the option schemas; amqplib and its helpers load on first use.
 */
export const amqp: ConnectorDefinition<AmqpConfig, AmqpSourceOptions, AmqpTargetOptions> = {
  kind: 'amqp',
  summary:
    'RabbitMQ (AMQP 0-9-1): read a queue (one JSON object per message, acknowledged only after the batch is written); publish to a queue or exchange with publisher confirms.',
  config: amqpConfig,
  source: {
    options: amqpSourceOptions,
    // The broker keeps the position: each run takes what is in the queue now.
    isIncremental: () => true,
    open: async (context, options) => (await import('./amqp-source.js')).openAmqpSource(context, options),
  },
  target: {
    options: amqpTargetOptions,
    modes: amqpTargetModes,
    open: async (context, options) => (await import('./amqp-target.js')).openAmqpTarget(context, options),
  },
};
