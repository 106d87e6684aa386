import { afterAll, beforeAll, describe } from 'vitest';
import type { Source, Target, WriteMode } from '../../src/core/connector.js';
import type { Row } from '../../src/core/row.js';
import { describeRoundTripCases } from './round-trip-cases.js';
import { describeSourceCases } from './source-cases.js';
import { describeTargetCases } from './target-cases.js';

/**
 * The connector conformance suite: one set of cases every source and target runs against the
 * real system (docs/decisions/0001 and 0005, issue 4 item 1). A connector's test file builds a
 * harness and calls one function:
 *
 * ```ts
 * // test/conformance/<kind>-connector.test.ts
 * describeConnectorConformance('postgres', harness);   // source + target + source->target cases
 * // or, for a connector that only reads or only writes:
 * describeSourceConformance('http', harness);
 * describeTargetConformance('webhook', harness);
 * ```
 *
 * The harness (a plain object, see ConnectorHarness below) does everything the suite must not
 * know about the system:
 * - `createTable(table)` creates an empty table for a TableSpec (logical column types, a
 *   primary key, NOT NULL flags) through the real system — SQL, a file, an API. Table names are
 *   unique per case (`cf_<n>_<purpose>`); isolate them in your own schema/database/folder,
 *   created in `setup` and dropped in `teardown`.
 * - `insertRows(table, rows)` inserts, or replaces by primary key, rows given in the 0005 value
 *   convention, through the real system (never through the connector under test).
 * - `readTable(table)` returns every row, in the 0005 convention (any order; the suite sorts
 *   by key), again read through the real system.
 * - `openSource` / `openTarget` open the connector for a table (omit one for a one-way connector).
 * - `capabilities` says which types, modes and failure cases apply; `skip` names any case the
 *   connector cannot pass yet, with the reason (it shows in the test name as skipped).
 * - `outage` (optional) lets the suite break and restore the system under an open target
 *   (`begin`/`end`): a TCP proxy in front of a server (see ./tcp-proxy.ts), a lock on a file.
 *
 * Values (0005): integers are `number` when safe, `bigint` beyond 2^53; decimals are exact
 * strings; timestamps are ISO strings with microseconds (the suite only uses 6-digit fractions,
 * so a connector that always prints 6 digits and one that trims zeros both pass); binary is
 * `Uint8Array`; json is the parsed value; null is `null`, distinct from `''`.
 * Checkpoints are passed back to the source only after a JSON round trip, as the store does.
 *
 * Case ids (for `capabilities.skip`) are listed in `ConformanceCase`.
 */

/** Column types the suite uses; a harness maps each to the system's own type. */
export type LogicalType =
  /** 32-bit signed integer. */
  | 'integer'
  /** 64-bit signed integer; values beyond 2^53 come and go as bigint. */
  | 'bigint'
  /** Unicode text (4-byte characters included: emoji); empty string is not null. */
  | 'text'
  /** Exact decimal with precision 20 and scale 2 (numeric(20,2)); values are strings with 2 decimals. */
  | 'decimal'
  /** Double precision. */
  | 'float'
  | 'boolean'
  /** 'YYYY-MM-DD'. */
  | 'date'
  /** 'HH:MM:SS.ffffff'. */
  | 'time'
  /** Timestamp without time zone, microseconds: 'YYYY-MM-DDTHH:MM:SS.ffffff'. */
  | 'timestamp'
  /** Timestamp with time zone, microseconds, read back in UTC: 'YYYY-MM-DDTHH:MM:SS.ffffffZ'. */
  | 'timestamptz'
  /** Bytes (bytea, BLOB, VARBINARY): Uint8Array. */
  | 'binary'
  /** JSON document; read back parsed. */
  | 'json';

export interface ColumnSpec {
  readonly name: string;
  readonly type: LogicalType;
  /** NOT NULL; the key columns are always NOT NULL. */
  readonly notNull?: boolean;
}

export interface TableSpec {
  /** Unique per case; may need quoting (the suite only uses [a-z0-9_]). */
  readonly name: string;
  /** Column names may contain spaces and capitals ("Display Name"): quote them. */
  readonly columns: readonly ColumnSpec[];
  /** Primary key, in order. */
  readonly key: readonly string[];
}

export interface SourceRequest {
  readonly table: TableSpec;
  readonly key: readonly string[];
  readonly batchSize: number;
  /** Read incrementally by this column (the connector's `cursor` option). */
  readonly cursor?: string;
}

export interface TargetRequest {
  readonly table: TableSpec;
  readonly key: readonly string[];
  readonly mode: WriteMode;
}

/** Every case of the suite, by id; name one in `capabilities.skip` with the reason. */
export type ConformanceCase =
  | 'source-open-close'
  | 'source-missing-table'
  | 'source-full-read'
  | 'source-composite-key'
  | 'source-incremental'
  | 'source-abort-resume'
  | 'source-types'
  | 'source-outage'
  | 'target-open-close'
  | 'target-missing-table'
  | 'target-upsert-idempotent'
  | 'target-upsert-partial-columns'
  | 'target-upsert-repeated-key'
  | 'target-insert'
  | 'target-update'
  | 'target-delete'
  | 'target-reject-not-null'
  | 'target-reject-invalid-value'
  | 'target-reject-duplicate-key'
  | 'target-bulk-rejects'
  | 'target-types'
  | 'target-read-by-keys'
  | 'target-outage'
  | 'round-trip';

export interface ConnectorCapabilities {
  /** Types the system stores losslessly in the 0005 convention; columns of other types are left out. */
  readonly types: readonly LogicalType[];
  /** Write modes the target supports (ignored for a source-only harness). */
  readonly modes: readonly WriteMode[];
  /** The source reads by a cursor column (incremental) as well as fully. */
  readonly incremental: boolean;
  /**
   * Rows the target refuses one by one, each returned as a rejected Issue with this code while
   * the rest of the batch is written: NULL in a NOT NULL column ('not-null'), a value the column
   * type refuses, e.g. 'abc' into an integer ('invalid-value'), a duplicate key on insert
   * ('duplicate-key').
   */
  readonly rejects: {
    readonly notNull: boolean;
    readonly invalidValue: boolean;
    readonly duplicateKey: boolean;
    /** The Issue's path names the column ('name') for not-null rejects. */
    readonly reportsColumn: boolean;
  };
  /**
   * Batch size from which the target switches to its bulk path (COPY, multi-row statements),
   * if it has one; bulk cases then run with batches above it.
   */
  readonly bulkThreshold?: number;
  /** Cases this connector cannot pass, with the reason (shown as skipped). */
  readonly skip?: Partial<Record<ConformanceCase, string>>;
}

export interface Outage {
  /** Opens a target, as openTarget does, but through what `begin` can break. */
  openTarget?(request: TargetRequest): Promise<Target>;
  /** Opens a source, as openSource does, but through what `begin` can break. */
  openSource?(request: SourceRequest): Promise<Source>;
  /**
   * From now on, work on endpoints opened through the outage fails as a whole for a reason
   * that passes (connections dropped and refused, a lock held): it must throw an
   * IntegrationError of kind 'transient'.
   */
  begin(): Promise<void>;
  /** The system is reachable again: the same endpoint must work again (the engine retries on it). */
  end(): Promise<void>;
}

export interface ConnectorHarness {
  readonly capabilities: ConnectorCapabilities;
  /** Once before all cases (create the schema, the database file, start a proxy). */
  setup?(): Promise<void>;
  /** Once after all cases (drop everything created). */
  teardown?(): Promise<void>;
  createTable(table: TableSpec): Promise<void>;
  /** Inserts, or replaces by primary key, rows in the 0005 convention, without the connector. */
  insertRows(table: TableSpec, rows: readonly Row[]): Promise<void>;
  /** Every row of the table in the 0005 convention, without the connector; any order. */
  readTable(table: TableSpec): Promise<Row[]>;
  openSource?(request: SourceRequest): Promise<Source>;
  openTarget?(request: TargetRequest): Promise<Target>;
  outage?: Outage;
}

/** Source and target cases, plus reading through the source and writing through the target. */
export function describeConnectorConformance(name: string, harness: ConnectorHarness): void {
  describe(`connector conformance: ${name}`, () => {
    lifecycle(harness);
    if (harness.openSource) describeSourceCases(harness);
    if (harness.openTarget) describeTargetCases(harness);
    if (harness.openSource && harness.openTarget) describeRoundTripCases(harness);
  });
}

export function describeSourceConformance(name: string, harness: ConnectorHarness): void {
  describe(`source conformance: ${name}`, () => {
    lifecycle(harness);
    describeSourceCases(harness);
  });
}

export function describeTargetConformance(name: string, harness: ConnectorHarness): void {
  describe(`target conformance: ${name}`, () => {
    lifecycle(harness);
    describeTargetCases(harness);
  });
}

function lifecycle(harness: ConnectorHarness): void {
  beforeAll(async () => {
    await harness.setup?.();
  });
  afterAll(async () => {
    await harness.teardown?.();
  });
}
