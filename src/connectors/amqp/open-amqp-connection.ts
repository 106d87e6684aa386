import type { ChannelModel } from 'amqplib';
import type { IntegrationError } from '../../core/integration-error.js';
import {
  type BrokerAddress,
  brokerAuthFailed,
  brokerFailed,
  brokerUnreachable,
  isNetworkError,
  reasonOf,
} from '../queue/broker-error.js';
import type { AmqpConfig } from './amqp-config.js';

export interface AmqpConnection {
  readonly model: ChannelModel;
  readonly address: BrokerAddress;
  /** Set once the connection closed or failed on its own: the reason, for the next operation. */
  lost(): IntegrationError | undefined;
}

/** Connects to RabbitMQ, sorting a refused login from an unreachable broker. */
export async function openAmqpConnection(system: string, config: AmqpConfig): Promise<AmqpConnection> {
  const address: BrokerAddress = { system, broker: 'RabbitMQ', server: serverOf(config.url) };
  let model: ChannelModel;
  try {
    // Loaded on first use, so the CLI starts without the AMQP client.
    const { connect } = await import('amqplib');
    model = await connect(config.url, { timeout: config.connectTimeout });
  } catch (error) {
    if (/ACCESS[-_]REFUSED|403|auth/i.test(reasonOf(error))) throw brokerAuthFailed(address, error);
    if (isNetworkError(error) || /timeout|socket/i.test(reasonOf(error)))
      throw brokerUnreachable(address, error);
    throw brokerFailed(address, 'connecting', error);
  }
  let lostWith: IntegrationError | undefined;
  // Without an 'error' listener a dropped connection would crash the process.
  model.on('error', (error: unknown) => {
    lostWith ??= brokerUnreachable(address, error);
  });
  model.on('close', (error?: unknown) => {
    if (error) lostWith ??= brokerUnreachable(address, error);
  });
  return { model, address, lost: () => lostWith };
}

/** host:port of an amqp URL, without the credentials. */
function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'amqps:' ? '5671' : '5672')}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
  } catch {
    return '(unparsable url)';
  }
}
