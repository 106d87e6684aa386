import type { AnyConnectorDefinition } from '../core/connector.js';
import { amqp } from './amqp/amqp.js';
import { files } from './files/files.js';
import { http } from './http/http.js';
import { mqtt } from './mqtt/mqtt.js';
import { mysql } from './mysql/mysql.js';
import { nats } from './nats/nats.js';
import { postgres } from './postgres/postgres.js';
import { sqlite } from './sqlite/sqlite.js';
import { webhook } from './webhook/webhook.js';

/**
 * Every connector kind syncline knows, listed by hand: adding a connector is one import and
 * one entry here. `manual` is not a connector: such a system takes part in the plan only.
 */
export const connectors: readonly AnyConnectorDefinition[] = [
  sqlite,
  files,
  postgres,
  mysql,
  http,
  amqp,
  nats,
  mqtt,
  webhook,
];

export function findConnector(kind: string): AnyConnectorDefinition | undefined {
  return connectors.find((connector) => connector.kind === kind);
}
