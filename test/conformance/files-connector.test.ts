import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { files } from '../../src/connectors/files/files.js';
import { filesConfig } from '../../src/connectors/files/files-config.js';
import type { Source } from '../../src/core/connector.js';
import type { Row } from '../../src/core/row.js';
import { makeTempDir } from '../support/temp-dir.js';
import { required } from './conformance-data.js';
import {
  type ConnectorCapabilities,
  type ConnectorHarness,
  describeConnectorConformance,
  type LogicalType,
  type TableSpec,
} from './connector.suite.js';
import {
  logicalTypesExcept,
  noRejects,
  parseJsonLines,
  toJsonLines,
  upsertInKeyOrder,
} from './harness-setup.js';

/**
 * The files connector through the shared conformance suite, on real files in a temp folder:
 * JSON Lines as source and target (a "table" is one .jsonl file kept in key order), and CSV as
 * target (a .csv file). The harness reads and writes the files itself (fs + JSON / csv-parse),
 * never through the connector.
 *
 * CSV runs every case too. A CSV field is text, so the harness types what the source reads by
 * the table's column types (as a flow's mapping would) before the suite compares it: the cases
 * check the CSV source's order, batching, checkpoints and resume, not a typing it cannot have.
 * Parsing itself is covered by test/connectors/files-source, files-sniffing and files-csv-spectrum.
 */

const tmp = makeTempDir('files-conformance');
const context = { system: 'drop', config: filesConfig.parse({}), baseDir: tmp.dir };
let pending = 2;
/** Each harness's teardown; the folder goes with the last one. */
async function teardown(): Promise<void> {
  pending--;
  if (pending === 0) tmp.remove();
}
const source = required(files.source);
const target = required(files.target);

const fileSkips = {
  'source-missing-table':
    'a table is a file here: a missing file is refused as file-not-found (files-source tests)',
  'target-missing-table': 'an append target creates its file, as an output folder often starts out empty',
  'target-read-by-keys': 'an append-only file has no lookup by key (no journal, compare or dry-run reads)',
} as const;

/** JSON Lines keeps JSON's own types; bigint and binary have no lossless JSON form (written as text). */
const jsonlCapabilities: ConnectorCapabilities = {
  types: logicalTypesExcept('bigint', 'binary'),
  modes: target.modes,
  incremental: false,
  rejects: noRejects,
  skip: fileSkips,
};

const jsonlFile = (table: TableSpec) => join(tmp.dir, `${table.name}.jsonl`);
const readJsonl = (table: TableSpec): Row[] => parseJsonLines(readFileSync(jsonlFile(table), 'utf8'));

const jsonlHarness: ConnectorHarness = {
  capabilities: jsonlCapabilities,
  teardown,
  async createTable(table) {
    writeFileSync(jsonlFile(table), '');
  },
  async insertRows(table, rows) {
    writeFileSync(jsonlFile(table), toJsonLines(upsertInKeyOrder(readJsonl(table), rows, table.key)));
  },
  readTable: async (table) => readJsonl(table),
  openSource: ({ table, key, batchSize }) =>
    source.open(context, { options: source.options.parse({ file: `${table.name}.jsonl` }), key, batchSize }),
  openTarget: ({ table, key, mode }) =>
    target.open(context, {
      options: target.options.parse({ file: `${table.name}.jsonl` }),
      key,
      mode,
      resume: undefined,
    }),
};

/**
 * CSV holds text: null and '' are both an empty field, so `text` and `binary` (an empty byte
 * string is '' too) are left out, as is `json` (a JSON string value is written bare); the rest
 * parse back exactly by the column's type.
 */
const csvTypes = logicalTypesExcept('text', 'binary', 'json');

const csvFile = (table: TableSpec) => join(tmp.dir, `${table.name}.csv`);

const csvHarness: ConnectorHarness = {
  capabilities: { ...jsonlCapabilities, types: csvTypes },
  teardown,
  async createTable(table) {
    writeFileSync(csvFile(table), '');
  },
  async insertRows(table, rows) {
    const columns = table.columns.map((c) => c.name);
    const records = upsertInKeyOrder(readCsv(table), rows, table.key).map((row) =>
      columns.map((c) => toCsv(row[c])),
    );
    writeFileSync(csvFile(table), stringify([columns, ...records]));
  },
  readTable: async (table) => readCsv(table),
  openSource: async ({ table, key, batchSize }) =>
    typedByColumns(
      await source.open(context, {
        options: source.options.parse({ file: `${table.name}.csv` }),
        key,
        batchSize,
      }),
      table,
    ),
  openTarget: ({ table, key, mode }) =>
    target.open(context, {
      // The table's columns, so the header names every column even when a row lacks one.
      options: target.options.parse({ file: `${table.name}.csv`, columns: table.columns.map((c) => c.name) }),
      key,
      mode,
      resume: undefined,
    }),
};

function readCsv(table: TableSpec): Row[] {
  const records = parse(readFileSync(csvFile(table)), { columns: true, bom: true }) as Record<
    string,
    string
  >[];
  return records.map((record) => typedRow(record, table));
}

/** A CSV record as the table's 0005 row: each field by its column's type. */
function typedRow(record: Row, table: TableSpec): Row {
  const types = new Map(table.columns.map((c) => [c.name, c.type]));
  return Object.fromEntries(
    Object.entries(record).map(([name, text]) => [name, fromCsv(String(text ?? ''), types.get(name))]),
  );
}

/** The source as the suite sees it: each record it reads typed by the table's columns. */
function typedByColumns(source: Source, table: TableSpec): Source {
  return {
    incremental: source.incremental,
    async *read(from, signal) {
      for await (const batch of source.read(from, signal)) {
        yield { ...batch, rows: batch.rows.map((row) => typedRow(row, table)) };
      }
    },
    close: () => source.close(),
  };
}

/** A 0005 value as a CSV field: null is an empty field. */
function toCsv(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/** A CSV field as the column's 0005 value; an empty field is null (the target writes null so). */
function fromCsv(text: string, type: LogicalType | undefined): unknown {
  if (text === '') return null;
  switch (type) {
    case 'integer':
    case 'float':
      return Number(text);
    case 'bigint': {
      const value = BigInt(text);
      return Number.isSafeInteger(Number(value)) ? Number(value) : value;
    }
    case 'boolean':
      return text === 'true';
    case 'binary':
      return new Uint8Array(Buffer.from(text, 'base64'));
    default:
      return text;
  }
}

describeConnectorConformance('files (JSON Lines)', jsonlHarness);
describeConnectorConformance('files (CSV)', csvHarness);
