import type { ConnectorDefinition, Source, Target } from '../../src/core/connector.js';
import type { Row } from '../../src/core/row.js';
import { required, sortByKey } from './conformance-data.js';
import type {
  ConnectorCapabilities,
  LogicalType,
  Outage,
  SourceRequest,
  TargetRequest,
} from './connector.suite.js';
import type { TcpProxy } from './tcp-proxy.js';

/**
 * The pieces every connector harness (test/conformance/<kind>-connector.test.ts) would
 * otherwise write again: the type list, "no per-row rejects", the outage through a TCP proxy,
 * the SQL harnesses' table openers and text-to-value reading, and the JSON Lines file kept in
 * key order. A harness keeps only what is particular to its system.
 */

/** Every logical type, in the suite's order. */
const allLogicalTypes: readonly LogicalType[] = [
  'integer',
  'bigint',
  'text',
  'decimal',
  'float',
  'boolean',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'binary',
  'json',
];

/** Every logical type but those named (the ones the system cannot hold losslessly), in the suite's order. */
export function logicalTypesExcept(...left: readonly LogicalType[]): LogicalType[] {
  return allLogicalTypes.filter((type) => !left.includes(type));
}

/** For a system that refuses no row one by one (a queue, a file): every reject case is skipped. */
export const noRejects: ConnectorCapabilities['rejects'] = {
  notNull: false,
  invalidValue: false,
  duplicateKey: false,
  reportsColumn: false,
};

/** How a harness opens its source or target through a given port (the server's or the proxy's). */
export interface OpenThroughPort {
  openSource?(request: SourceRequest, port: number): Promise<Source>;
  openTarget?(request: TargetRequest, port: number): Promise<Target>;
}

/**
 * The suite's outage as a TCP proxy in front of the server: the endpoints open through the
 * proxy's port, `begin` cuts it and `end` restores it. `proxy` is read when the case runs
 * (the harness starts the proxy in `setup`).
 */
export function outageThroughProxy(proxy: () => TcpProxy | undefined, open: OpenThroughPort): Outage {
  const port = () => required(proxy(), 'proxy').port;
  const { openSource, openTarget } = open;
  return {
    ...(openSource ? { openSource: (request: SourceRequest) => openSource(request, port()) } : {}),
    ...(openTarget ? { openTarget: (request: TargetRequest) => openTarget(request, port()) } : {}),
    async begin() {
      required(proxy(), 'proxy').cut();
    },
    async end() {
      required(proxy(), 'proxy').restore();
    },
  };
}

/** A SQL harness's openers: through the server without a port, through the proxy with its port. */
export interface SqlTableOpeners {
  openSource(request: SourceRequest, port?: number): Promise<Source>;
  openTarget(request: TargetRequest, port?: number): Promise<Target>;
}

/**
 * The source and target of a SQL connector opened on a harness table (`table`, and `cursor`
 * when the case reads incrementally), with the config for a port: the server's when none is
 * given, the proxy's for the outage.
 */
export function sqlTableOpeners<Config, SourceOptions, TargetOptions>(
  connector: ConnectorDefinition<Config, SourceOptions, TargetOptions>,
  system: string,
  config: (port?: number) => Config,
): SqlTableOpeners {
  const source = required(connector.source);
  const target = required(connector.target);
  return {
    openSource: (request, port) =>
      source.open(
        { system, config: config(port), baseDir: '.' },
        {
          options: source.options.parse({
            table: request.table.name,
            ...(request.cursor ? { cursor: request.cursor } : {}),
          }),
          key: request.key,
          batchSize: request.batchSize,
        },
      ),
    openTarget: (request, port) =>
      target.open(
        { system, config: config(port), baseDir: '.' },
        {
          options: target.options.parse({ table: request.table.name }),
          key: request.key,
          mode: request.mode,
          resume: undefined,
        },
      ),
  };
}

/**
 * A value a SQL harness read back as text (bigint and decimal cast, binary as hex, json as its
 * text) as its 0005 value; other types come back from the driver as they are.
 */
export function valueFromSqlText(type: LogicalType, value: unknown): unknown {
  if (value === null) return null;
  switch (type) {
    case 'bigint': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : BigInt(value as string);
    }
    case 'binary':
      return new Uint8Array(Buffer.from(value as string, 'hex'));
    case 'json':
      return JSON.parse(value as string);
    default:
      return value;
  }
}

/** The rows of a JSON Lines text, one JSON object a line. */
export function parseJsonLines(text: string): Row[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row);
}

/**
 * The rows of a file-backed table after inserting or replacing `rows` by key, in key order: a
 * file source reads in file order, so the harness keeps the file sorted.
 */
export function upsertInKeyOrder(
  existing: readonly Row[],
  rows: readonly Row[],
  key: readonly string[],
): Row[] {
  const keyOf = (row: Row) => JSON.stringify(key.map((name) => row[name]));
  const byKey = new Map(existing.map((row) => [keyOf(row), row]));
  for (const row of rows) byKey.set(keyOf(row), row);
  return sortByKey([...byKey.values()], key);
}

/** Rows as JSON Lines text, one a line. */
export function toJsonLines(rows: readonly Row[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
