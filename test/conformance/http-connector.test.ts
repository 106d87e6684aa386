import { http } from '../../src/connectors/http/http.js';
import type { Row } from '../../src/core/row.js';
import { parseExact, stringifyExact } from '../support/test-api/exact-json.mjs';
import { credentials, startTestApi, type TestApi } from '../support/test-api/test-api.mjs';
import { required } from './conformance-data.js';
import {
  type ConnectorHarness,
  describeConnectorConformance,
  type SourceRequest,
  type TableSpec,
  type TargetRequest,
} from './connector.suite.js';
import { logicalTypesExcept, outageThroughProxy } from './harness-setup.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * The http connector against the local test API (test/support/test-api), the "real system"
 * here: collections are created, seeded and read back through the API's own /_admin/
 * endpoints, never through the connector. The source pages with ?page&per_page and selects
 * records at $.data.items; the target writes one request per record, and (second run) through
 * the API's batch endpoint.
 *
 * Left out of `types`: binary. JSON has no bytes: the target sends a Uint8Array as a base64
 * string and the source hands back whatever string the API holds (docs/connectors/http.md),
 * so bytes do not round-trip as Uint8Array without a mapping.
 */

const types = logicalTypesExcept('binary');

let api: TestApi | undefined;
let proxy: TcpProxy | undefined;
const baseUrl = () => required(api, 'test API').url;

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: stringifyExact(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${text}`);
  return text ? parseExact(text) : undefined;
}

const config = (url = baseUrl()) =>
  http.config.parse({ baseUrl: url, auth: { type: 'api-key', value: credentials.apiKey } });
const source = required(http.source);
const target = required(http.target);

const openSource = (request: SourceRequest, url?: string) =>
  source.open(
    { system: 'rest', config: config(url), baseDir: '.' },
    {
      options: source.options.parse({
        path: `/api/${request.table.name}`,
        records: '$.data.items',
        pagination: { style: 'page' },
        ...(request.cursor ? { cursor: request.cursor, query: { sort: request.cursor } } : {}),
      }),
      key: request.key,
      batchSize: request.batchSize,
    },
  );

const targetOptions = (table: TableSpec, batch: boolean) =>
  target.options.parse({
    path: `/api/${table.name}/${table.key.map((k) => `{${k}}`).join('/')}`,
    check: `/api/${table.name}?limit=1`,
    errors: { code: '$.error.code', field: '$.error.field', message: '$.error.message' },
    ...(batch ? { batch: { path: `/api/${table.name}/_batch`, modeField: 'mode', size: 25 } } : {}),
  });

const openTarget = (batch: boolean) => (request: TargetRequest, url?: string) =>
  target.open(
    { system: 'rest', config: config(url), baseDir: '.' },
    { options: targetOptions(request.table, batch), key: request.key, mode: request.mode, resume: undefined },
  );

const harness = (batch: boolean): ConnectorHarness => ({
  capabilities: {
    types,
    modes: ['insert', 'upsert', 'update', 'delete'],
    incremental: true,
    rejects: { notNull: true, invalidValue: true, duplicateKey: true, reportsColumn: true },
  },
  async setup() {
    api ??= await startTestApi({ tls: false });
    proxy ??= await startTcpProxy('127.0.0.1', Number(new URL(baseUrl()).port));
  },
  async teardown() {
    await proxy?.close();
    await api?.close();
    proxy = undefined;
    api = undefined;
  },
  async createTable(table) {
    await admin('POST', '/_admin/collections', {
      name: table.name,
      key: table.key,
      columns: table.columns,
      cursorField: 'updated_at',
    });
  },
  async insertRows(table, rows) {
    await admin('PUT', `/_admin/collections/${encodeURIComponent(table.name)}/records`, { records: rows });
  },
  async readTable(table) {
    const body = (await admin('GET', `/_admin/collections/${encodeURIComponent(table.name)}/records`)) as {
      records: Row[];
    };
    return body.records;
  },
  openSource,
  openTarget: openTarget(batch),
  outage: outageThroughProxy(() => proxy, {
    openSource: (request, port) => openSource(request, `http://127.0.0.1:${port}`),
    openTarget: (request, port) => openTarget(batch)(request, `http://127.0.0.1:${port}`),
  }),
});

describeConnectorConformance('http (one request per record)', harness(false));
describeConnectorConformance('http (batch endpoint)', harness(true));
