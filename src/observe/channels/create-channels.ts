import { readFileSync } from 'node:fs';
import { IntegrationError } from '../../core/integration-error.js';
import { resolveSecrets } from '../../spec/resolve-secrets.js';
import type { Spec } from '../../spec/schema.js';
import type { AlertNotification } from '../alert-notification.js';
import { sendEmail } from './email-channel.js';
import { sendSlack } from './slack-channel.js';
import { sendWebhook } from './webhook-channel.js';

export interface AlertChannel {
  readonly name: string;
  send(notification: AlertNotification): Promise<void>;
}

export interface ChannelContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly baseDir: string;
}

/**
 * The channels under alerts:, ready to send. Secret references are resolved at each send, so
 * they live in memory only for its length. A channel that is incomplete or whose secret is
 * missing still exists: its sends fail with a config error that names the key to fix, which
 * the loop records as a failed delivery instead of stopping every other alert.
 */
export function createChannels(spec: Spec, context: ChannelContext): ReadonlyMap<string, AlertChannel> {
  const channels = new Map<string, AlertChannel>();
  for (const [name, declared] of Object.entries(spec.alerts ?? {})) {
    const where = `alerts.${name}`;
    const resolved = () =>
      resolveSecrets(declared, {
        env: context.env,
        readFile: (file) => readFileSync(file, 'utf8'),
        baseDir: context.baseDir,
        where,
      });
    const missing = (key: string, hint: string) =>
      new IntegrationError(`Alert channel "${name}" (${declared.kind}) has no ${key}`, {
        kind: 'config',
        code: 'alert-channel-incomplete',
        hint: `Add ${where}.${key}: ${hint}`,
      });
    const send = async (n: AlertNotification): Promise<void> => {
      const channel = resolved();
      if (channel.kind === 'email') {
        const to = channel.to === undefined ? [] : [channel.to].flat();
        if (to.length === 0) throw missing('to', 'the addresses that receive the alerts.');
        if (channel.smtp === undefined)
          throw missing('smtp', '{ host, port, user, password } of the mail server.');
        const from = channel.from ?? spec.project.owner;
        if (from === undefined) throw missing('from', 'the sender address (or set project.owner).');
        return sendEmail(name, { smtp: channel.smtp, from, to }, n);
      }
      if (channel.url === undefined)
        throw missing('url', 'the webhook URL, as ${env:NAME} when it carries a token.');
      return channel.kind === 'slack' ? sendSlack(name, channel.url, n) : sendWebhook(name, channel.url, n);
    };
    channels.set(name, { name, send });
  }
  return channels;
}
