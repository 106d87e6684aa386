import type { ConnectorDefinition } from '../../core/connector.js';
import { type WebhookConfig, webhookConfig } from './webhook-config.js';
import { type WebhookSourceOptions, webhookSourceOptions } from './webhook-source-options.js';

/**
 * Signed HTTP POSTs of JSON records, answered only once the records are durable.
 * The definition holds only the option schemas; the listener and its helpers load on first use.
 */
export const webhook: ConnectorDefinition<WebhookConfig, WebhookSourceOptions, never> = {
  kind: 'webhook',
  summary:
    'Webhook listener: receive JSON records POSTed with a Standard Webhooks HMAC signature; a request is answered 200 only after its records are written.',
  config: webhookConfig,
  source: {
    options: webhookSourceOptions,
    // Each run takes what is sent while it listens; nothing is read twice.
    isIncremental: () => true,
    open: async (context, options) =>
      (await import('./webhook-source.js')).openWebhookSource(context, options),
  },
};
