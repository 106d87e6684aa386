import type { IClientOptions, MqttClient } from 'mqtt';
import {
  type BrokerAddress,
  brokerAuthFailed,
  brokerFailed,
  brokerUnreachable,
  isNetworkError,
  reasonOf,
} from '../queue/broker-error.js';
import type { MqttConfig } from './mqtt-config.js';

export interface MqttSession {
  readonly client: MqttClient;
  readonly address: BrokerAddress;
  /** The broker still had this client id's session (clean: false): its subscriptions hold. */
  readonly sessionPresent: boolean;
}

/**
 * Connects to the broker, sorting a refused login from an unreachable broker. No automatic
 * reconnect: a run fails on a dropped connection and is run again; a persistent session
 * (clean: false) keeps its messages meanwhile.
 */
export async function openMqttClient(
  system: string,
  config: MqttConfig,
  options: Pick<IClientOptions, 'clientId' | 'clean'> & {
    readonly handleMessage?: MqttClient['handleMessage'];
  } = {},
): Promise<MqttSession> {
  const address: BrokerAddress = { system, broker: 'MQTT broker', server: serverOf(config.url) };
  const { handleMessage, ...rest } = options;
  // Loaded on first use, so the CLI starts without the MQTT client.
  const { default: mqtt } = await import('mqtt');
  const client = mqtt.connect(config.url, {
    ...rest,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: config.connectTimeout,
    ...(config.username !== undefined ? { username: config.username, password: config.password ?? '' } : {}),
  });
  // Must be in place before the broker sends what the session kept (right after CONNACK).
  if (handleMessage) client.handleMessage = handleMessage;
  let sessionPresent = false;
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', (connack) => {
        sessionPresent = connack.sessionPresent;
        resolve();
      });
      client.once('error', reject);
      client.once('close', () => reject(new Error('connection closed before the broker accepted it')));
    });
  } catch (error) {
    client.end(true);
    const reason = reasonOf(error);
    const code = (error as { code?: unknown }).code;
    if (code === 4 || code === 5 || /not authori[sz]ed|bad user ?name or password/i.test(reason)) {
      throw brokerAuthFailed(address, error);
    }
    if (isNetworkError(error) || /closed before|timeout/i.test(reason))
      throw brokerUnreachable(address, error);
    throw brokerFailed(address, 'connecting', error);
  }
  client.removeAllListeners('error');
  client.on('error', () => {});
  return { client, address, sessionPresent };
}

function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'mqtts:' ? '8883' : '1883')}`;
  } catch {
    return '(unparsable url)';
  }
}
