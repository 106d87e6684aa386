import type { ConnectorDefinition } from '../../core/connector.js';
import { type WebhookConfig, webhookConfig } from './webhook-config.js';
import { openWebhookSource, type WebhookSourceOptions, webhookSourceOptions } from './webhook-source.js';

/** Signed HTTP POSTs of JSON records, answered only once the records are durable. */
export const webhook: ConnectorDefinition<WebhookConfig, WebhookSourceOptions, never> = {
  kind: 'webhook',
  summary:
    'Webhook listener: receive JSON records POSTed with a Standard Webhooks HMAC signature; a request is answered 200 only after its records are written.',
  config: webhookConfig,
  source: {
    options: webhookSourceOptions,
    // Each run takes what is sent while it listens; nothing is read twice.
    isIncremental: () => true,
    open: openWebhookSource,
  },
};
