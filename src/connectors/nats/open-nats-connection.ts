import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { IntegrationError } from '../../core/integration-error.js';
import {
  type BrokerAddress,
  brokerAuthFailed,
  brokerFailed,
  brokerUnreachable,
  reasonOf,
} from '../queue/broker-error.js';
import type { NatsConfig } from './nats-config.js';

export interface NatsSession {
  readonly connection: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly address: BrokerAddress;
  close(): Promise<void>;
}

/** Connects to NATS and JetStream, sorting a refused login from an unreachable server. */
export async function openNatsConnection(system: string, config: NatsConfig): Promise<NatsSession> {
  const servers = typeof config.servers === 'string' ? [config.servers] : config.servers;
  const address: BrokerAddress = {
    system,
    broker: 'NATS',
    server: servers.map(withoutCredentials).join(','),
  };
  let connection: NatsConnection;
  try {
    // Loaded on first use, so the CLI starts without the NATS client.
    const { connect } = await import('@nats-io/transport-node');
    connection = await connect({
      servers,
      timeout: config.connectTimeout,
      // A run fails fast and is retried as a whole; it does not wait on reconnects.
      reconnect: false,
      ...(config.user !== undefined ? { user: config.user, pass: config.password ?? '' } : {}),
      ...(config.token !== undefined ? { token: config.token } : {}),
    });
  } catch (error) {
    const reason = reasonOf(error);
    if (/authoriz|authentic/i.test(reason) || (error as { name?: string }).name === 'AuthorizationError') {
      throw brokerAuthFailed(address, error);
    }
    if (/refused|timeout|ECONN|ENOTFOUND|EHOST/i.test(reason)) throw brokerUnreachable(address, error);
    throw brokerFailed(address, 'connecting', error);
  }
  try {
    const { jetstream, jetstreamManager } = await import('@nats-io/jetstream');
    const jsm = await jetstreamManager(connection);
    return { connection, js: jetstream(connection), jsm, address, close: () => closeQuietly(connection) };
  } catch (error) {
    await closeQuietly(connection);
    throw new IntegrationError(
      `System "${system}": NATS at ${address.server} has no JetStream: ${reasonOf(error)}`,
      {
        kind: 'config',
        code: 'jetstream-unavailable',
        cause: error,
        hint: 'start nats-server with -js (JetStream enabled)',
      },
    );
  }
}

async function closeQuietly(connection: NatsConnection): Promise<void> {
  try {
    await connection.close();
  } catch {
    // Already closed.
  }
}

function withoutCredentials(server: string): string {
  try {
    const url = new URL(server.includes('://') ? server : `nats://${server}`);
    return `${url.hostname}:${url.port || '4222'}`;
  } catch {
    return server;
  }
}
