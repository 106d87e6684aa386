import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { files } from '../../src/connectors/files/files.js';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import type { Row } from '../../src/core/row.js';
import { startSftpServer, type TestSftpServer } from '../support/sftp-server.js';
import { makeTempDir } from '../support/temp-dir.js';
import { required } from './conformance-data.js';
import { type ConnectorHarness, describeSourceConformance, type TableSpec } from './connector.suite.js';
import {
  logicalTypesExcept,
  noRejects,
  outageThroughProxy,
  parseJsonLines,
  toJsonLines,
  upsertInKeyOrder,
} from './harness-setup.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/**
 * The files connector's source over SFTP through the shared conformance suite: JSON Lines files
 * on a real SFTP server (ssh2's Server on 127.0.0.1, serving a temp folder). The harness writes
 * and reads the files on the server's disk itself, never through the connector; the outage
 * case cuts the TCP connection under an open source with a proxy in front of the server.
 * Source cases only: the test server opens files read-only, and the target is covered locally.
 */

const tmp = makeTempDir('files-sftp-conformance');
const outbox = join(tmp.dir, 'outbox');
let server: TestSftpServer | undefined;
let proxy: TcpProxy | undefined;
const source = required(files.source);

const fileOf = (table: TableSpec) => join(outbox, `${table.name}.jsonl`);
const readJsonl = (table: TableSpec): Row[] => parseJsonLines(readFileSync(fileOf(table), 'utf8'));

/** Writes a file as a finished upload: its time a minute back, past any still-being-written guard. */
function writeFinished(table: TableSpec, text: string): void {
  writeFileSync(fileOf(table), text);
  const past = new Date(Date.now() - 60_000);
  utimesSync(fileOf(table), past, past);
}

function openThrough(port: number) {
  return ({ table, key, batchSize }: { table: TableSpec; key: readonly string[]; batchSize: number }) => {
    const sftp = {
      host: '127.0.0.1',
      port,
      username: server?.username,
      password: server?.password,
      path: '/outbox',
    };
    return source.open(
      { system: 'partner', config: filesConfig.parse({ sftp }), baseDir: tmp.dir },
      { options: source.options.parse({ file: `${table.name}.jsonl` }), key, batchSize },
    );
  };
}

const harness: ConnectorHarness = {
  capabilities: {
    types: logicalTypesExcept('bigint', 'binary'),
    modes: [],
    incremental: false,
    rejects: noRejects,
    skip: {
      'source-missing-table':
        'a table is a file here: a missing file is refused as file-not-found (files-sftp tests)',
    },
  },
  async setup() {
    mkdirSync(outbox, { recursive: true });
    server = await startSftpServer(tmp.dir);
    proxy = await startTcpProxy('127.0.0.1', server.port);
  },
  async teardown() {
    await proxy?.close();
    await server?.close();
    tmp.remove();
  },
  async createTable(table) {
    writeFinished(table, '');
  },
  async insertRows(table, rows) {
    writeFinished(table, toJsonLines(upsertInKeyOrder(readJsonl(table), rows, table.key)));
  },
  readTable: async (table) => readJsonl(table),
  openSource: (request) => openThrough(required(server, 'server').port)(request),
  outage: outageThroughProxy(() => proxy, {
    openSource: (request, port) => openThrough(port)(request),
  }),
};

describeSourceConformance('files (JSON Lines over SFTP)', harness);
