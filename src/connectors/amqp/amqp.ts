import type { ConnectorDefinition } from '../../core/connector.js';
import { type AmqpConfig, amqpConfig } from './amqp-config.js';
import { type AmqpSourceOptions, amqpSourceOptions, openAmqpSource } from './amqp-source.js';
import { type AmqpTargetOptions, amqpTargetModes, amqpTargetOptions, openAmqpTarget } from './amqp-target.js';

/** RabbitMQ (AMQP 0-9-1): consume a queue, acknowledging after durability; publish with confirms. */
export const amqp: ConnectorDefinition<AmqpConfig, AmqpSourceOptions, AmqpTargetOptions> = {
  kind: 'amqp',
  summary:
    'RabbitMQ (AMQP 0-9-1): read a queue (one JSON object per message, acknowledged only after the batch is written); publish to a queue or exchange with publisher confirms.',
  config: amqpConfig,
  source: {
    options: amqpSourceOptions,
    // The broker keeps the position: each run takes what is in the queue now.
    isIncremental: () => true,
    open: openAmqpSource,
  },
  target: { options: amqpTargetOptions, modes: amqpTargetModes, open: openAmqpTarget },
};
