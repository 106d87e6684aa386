import { IntegrationError } from '../../core/integration-error.js';
import type { Stage } from '../../core/stage.js';

/**
 * Failures shared by the message brokers (RabbitMQ, NATS, MQTT), each naming the system and
 * the server — never a password or a URL with credentials.
 */
export interface BrokerAddress {
  /** The system's name in the spec. */
  readonly system: string;
  /** `RabbitMQ`, `NATS`, `MQTT broker`. */
  readonly broker: string;
  /** host:port, without credentials. */
  readonly server: string;
}

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
]);

export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && networkCodes.has(code);
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function brokerUnreachable(address: BrokerAddress, error: unknown, stage?: Stage): IntegrationError {
  return new IntegrationError(
    `System "${address.system}": cannot reach ${address.broker} at ${address.server}: ${reasonOf(error)}`,
    {
      kind: 'transient',
      code: 'unreachable',
      stage,
      cause: error,
      hint: `Check that ${address.broker} runs and that the host and port in the connection of system "${address.system}" are right.`,
    },
  );
}

export function brokerAuthFailed(address: BrokerAddress, error: unknown): IntegrationError {
  return new IntegrationError(
    `System "${address.system}": ${address.broker} at ${address.server} refused the login: ${reasonOf(error)}`,
    {
      kind: 'config',
      code: 'auth-failed',
      cause: error,
      hint: `Check the user name and password of system "${address.system}" (and the secret reference they come from).`,
    },
  );
}

/** The queue, stream or exchange to use does not exist: the suite's `table-not-found` code. */
export function destinationNotFound(address: BrokerAddress, what: string, error?: unknown): IntegrationError {
  return new IntegrationError(
    `System "${address.system}": ${address.broker} at ${address.server} has no ${what}`,
    {
      kind: 'config',
      code: 'table-not-found',
      cause: error,
      hint: `Create it on the broker, or fix the name in the flow that uses system "${address.system}".`,
    },
  );
}

export function brokerConnectionLost(
  address: BrokerAddress,
  error: unknown,
  stage?: Stage,
): IntegrationError {
  return new IntegrationError(
    `System "${address.system}": the connection to ${address.broker} at ${address.server} was lost: ${reasonOf(error)}`,
    {
      kind: 'transient',
      code: 'connection-lost',
      stage,
      cause: error,
      hint: 'unacknowledged messages are delivered again; run the flow again',
    },
  );
}

export function brokerFailed(
  address: BrokerAddress,
  what: string,
  error: unknown,
  stage?: Stage,
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  return new IntegrationError(
    `System "${address.system}": ${what} on ${address.broker} at ${address.server} failed: ${reasonOf(error)}`,
    {
      kind: 'transient',
      code: 'broker-failed',
      stage,
      cause: error,
    },
  );
}
