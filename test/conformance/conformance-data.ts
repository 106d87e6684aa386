import { expect, it } from 'vitest';
import type { Source } from '../../src/core/connector.js';
import type { Batch, Checkpoint, Row } from '../../src/core/row.js';
import type {
  ColumnSpec,
  ConformanceCase,
  ConnectorHarness,
  LogicalType,
  TableSpec,
} from './connector.suite.js';

/** Tables, rows and assertions shared by the suite's cases. */

let tableCount = 0;

/** A table name unique within the process: `cf_<n>_<purpose>`. */
export function tableName(purpose: string): string {
  tableCount++;
  return `cf_${process.pid % 10_000}_${tableCount}_${purpose}`;
}

/** `it`, or `it.skip` with the harness's reason in the name. */
export function caseIt(
  harness: ConnectorHarness,
  id: ConformanceCase,
  title: string,
  body: () => Promise<void>,
) {
  const reason = harness.capabilities.skip?.[id];
  if (reason !== undefined) {
    it.skip(`${title} [${id}] — skipped: ${reason}`, body);
  } else {
    it(`${title} [${id}]`, body, 60_000);
  }
}

export const never = new AbortController().signal;

/** The value, or a test failure saying it is missing (instead of a non-null assertion). */
export function required<T>(value: T | undefined, what = 'value'): T {
  if (value === undefined) throw new Error(`the harness has no ${what}`);
  return value;
}

/** What the store does to a checkpoint: JSON text and back. Fails if it is not plain JSON. */
export function throughJson(checkpoint: Checkpoint): Checkpoint {
  const text = JSON.stringify(checkpoint);
  expect(text, 'a checkpoint must be JSON-serialisable').toBeTypeOf('string');
  const back = JSON.parse(text) as Checkpoint;
  expect(back, 'a checkpoint must survive a JSON round trip unchanged').toEqual(checkpoint);
  return back;
}

export async function readAll(source: Source, from?: Checkpoint, signal = never): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of source.read(from, signal)) batches.push(batch);
  return batches;
}

export const rowsOf = (batches: readonly Batch[]): Row[] => batches.flatMap((b) => b.rows);

/**
 * Reads from the start, then from every batch's checkpoint (after a JSON round trip): each
 * resume must give exactly the rows after that batch — no gap, no duplicate. Batches are
 * non-empty and at most batchSize rows. Returns the full read.
 */
export async function expectResumeFromEveryBoundary(source: Source, batchSize: number): Promise<Batch[]> {
  const batches = await readAll(source);
  for (const batch of batches) {
    expect(batch.rows.length).toBeGreaterThan(0);
    expect(batch.rows.length).toBeLessThanOrEqual(batchSize);
  }
  for (let i = 0; i < batches.length; i++) {
    const from = throughJson((batches[i] as Batch).checkpoint);
    const resumed = await readAll(source, from);
    expect(comparable(rowsOf(resumed)), `resumed after batch ${i + 1} of ${batches.length}`).toEqual(
      comparable(rowsOf(batches.slice(i + 1))),
    );
  }
  return batches;
}

/** Orders rows by the key columns (numbers, bigints, strings), for set comparisons. */
export function sortByKey(rows: readonly Row[], key: readonly string[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const k of key) {
      const order = compareValues(a[k], b[k]);
      if (order !== 0) return order;
    }
    return 0;
  });
}

function compareValues(a: unknown, b: unknown): number {
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Rows in a form where equality is exact and types matter: binary becomes a tagged hex
 * string (and must be a Uint8Array), bigint stays bigint (so 42n is not 42).
 */
export function comparable(rows: readonly Row[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) out[name] = comparableValue(value);
    return out;
  });
}

function comparableValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return { binary: Buffer.from(value).toString('hex') };
  if (value instanceof Date) return { date: 'a Date is not a 0005 value', iso: value.toISOString() };
  return value;
}

/** Expects `actual` to hold exactly `expected`, compared as sets keyed by `key`. */
export function expectSameRows(
  actual: readonly Row[],
  expected: readonly Row[],
  key: readonly string[],
): void {
  expect(comparable(sortByKey(actual, key))).toEqual(comparable(sortByKey(expected, key)));
}

// ---------------------------------------------------------------------------------------------
// Tables

/** `people`: id integer key, name NOT NULL, an exact amount, a µs timestamp that can be the cursor. */
export function peopleTable(harness: ConnectorHarness, purpose: string): TableSpec {
  return {
    name: tableName(purpose),
    key: ['id'],
    columns: [
      { name: 'id', type: 'integer', notNull: true },
      { name: 'name', type: 'text', notNull: true },
      ...optional(harness, [
        { name: 'amount', type: 'decimal' },
        { name: 'updated_at', type: cursorType(harness) },
      ]),
      { name: 'note', type: 'text' },
    ],
  };
}

/** The cursor column's type: a µs timestamp where the system has one, else an integer version. */
export function cursorType(harness: ConnectorHarness): LogicalType {
  return harness.capabilities.types.includes('timestamptz') ? 'timestamptz' : 'integer';
}

/** A cursor value that sorts by `n`; `n` values repeat to make ties. */
export function cursorValue(harness: ConnectorHarness, n: number): string | number {
  if (cursorType(harness) === 'integer') return n;
  // Hours apart, so the order is n's; a µs fraction that a millisecond Date would lose.
  const hour = new Date(Date.UTC(2024, 2, 1) + n * 3_600_000).toISOString().slice(0, 19);
  return `${hour}.${String(100_001 + n * 7).padStart(6, '0')}Z`;
}

/** People rows; `updated_at` repeats so that ties straddle batch boundaries. */
export function peopleRows(harness: ConnectorHarness, ids: readonly number[]): Row[] {
  return ids.map((id) => personRow(harness, id, Math.floor(id / 3)));
}

export function personRow(
  harness: ConnectorHarness,
  id: number,
  version: number,
  name = `person ${id}`,
): Row {
  const row: Record<string, unknown> = { id, name, note: id % 4 === 0 ? null : `note ${id}` };
  if (hasType(harness, 'decimal')) row.amount = `${id * 1000}.${String(id % 100).padStart(2, '0')}`;
  row.updated_at = cursorValue(harness, version);
  return row;
}

/** `lines`: a composite key (text, integer) for paging and upserts by more than one column. */
export function linesTable(purpose: string): TableSpec {
  return {
    name: tableName(purpose),
    key: ['region', 'line'],
    columns: [
      { name: 'region', type: 'text', notNull: true },
      { name: 'line', type: 'integer', notNull: true },
      { name: 'sku', type: 'text' },
    ],
  };
}

export function linesRows(): Row[] {
  const rows: Row[] = [];
  for (const region of ['north', 'east', 'south', 'Zed']) {
    for (const line of [3, 1, 2]) rows.push({ region, line, sku: `${region}-${line}` });
  }
  return rows;
}

/** Every logical type the harness supports, one column each, plus a column name that needs quoting. */
export function typesTable(harness: ConnectorHarness, purpose: string): TableSpec {
  const all: ColumnSpec[] = [
    { name: 'c_integer', type: 'integer' },
    { name: 'c_bigint', type: 'bigint' },
    { name: 'c_text', type: 'text' },
    { name: 'Mixed Case', type: 'text' },
    { name: 'c_decimal', type: 'decimal' },
    { name: 'c_float', type: 'float' },
    { name: 'c_boolean', type: 'boolean' },
    { name: 'c_date', type: 'date' },
    { name: 'c_time', type: 'time' },
    { name: 'c_timestamp', type: 'timestamp' },
    { name: 'c_timestamptz', type: 'timestamptz' },
    { name: 'c_binary', type: 'binary' },
    { name: 'c_json', type: 'json' },
  ];
  return {
    name: tableName(purpose),
    key: ['id'],
    columns: [{ name: 'id', type: 'integer', notNull: true }, ...optional(harness, all)],
  };
}

const typeValues: readonly Readonly<Record<string, unknown>>[] = [
  {
    c_integer: 42,
    c_bigint: 9007199254740993n,
    c_text: 'Zoë 😀 東京 שלום مرحبا e\u0301 👨‍👩‍👧',
    'Mixed Case': 'plain',
    c_decimal: '12345678901234.56',
    c_float: 0.1,
    c_boolean: true,
    c_date: '2025-01-02',
    c_time: '03:04:05.123456',
    c_timestamp: '2025-01-02T03:04:05.123456',
    c_timestamptz: '2025-01-02T03:04:05.123456Z',
    c_binary: Uint8Array.from([0, 255, 92, 10, 13, 9, 44, 34, 39]),
    c_json: { a: 1, bb: [true, null, 'é'], ccc: { d: 'x', big: 12345678901234 } },
  },
  {
    c_integer: -2147483648,
    c_bigint: -9223372036854775808n,
    c_text: '',
    'Mixed Case': '',
    c_decimal: '-0.01',
    c_float: -1.5e300,
    c_boolean: false,
    c_date: '1970-01-01',
    c_time: '00:00:00.000001',
    c_timestamp: '1999-12-31T23:59:59.999999',
    c_timestamptz: '1969-07-20T20:17:40.000001Z',
    c_binary: new Uint8Array(0),
    c_json: [],
  },
  {
    c_integer: null,
    c_bigint: null,
    c_text: null,
    'Mixed Case': null,
    c_decimal: null,
    c_float: null,
    c_boolean: null,
    c_date: null,
    c_time: null,
    c_timestamp: null,
    c_timestamptz: null,
    c_binary: null,
    c_json: null,
  },
  {
    c_integer: 2147483647,
    c_bigint: 9223372036854775807n,
    // What breaks text formats: tab, newline, CR, backslash, quotes, comma, \N, a BOM, RTL override.
    c_text: 'a\tb\nc\rd\\e"f\'g,h \\N \uFEFFbom \u202Eevil',
    'Mixed Case': 'NULL',
    c_decimal: '0.00',
    c_float: 123456.789,
    c_boolean: true,
    c_date: '2000-02-29',
    c_time: '23:59:59.999999',
    c_timestamp: '2024-02-29T12:00:00.000001',
    c_timestamptz: '2038-01-19T03:14:08.654321Z',
    c_binary: Uint8Array.from([92, 78, 0, 0, 1]),
    c_json: { quote: 'a"b\\c\n', list: [1.5, -2, 'x'] },
  },
  {
    c_integer: 0,
    c_bigint: -9007199254740993n,
    c_text: 'ﬀ ß İ ǅ Ω ω',
    'Mixed Case': ' leading and trailing ',
    c_decimal: '99999999999999999.99',
    c_float: 2.2250738585072014e-308,
    c_boolean: false,
    c_date: '9999-12-31',
    c_time: '12:00:00.500000',
    c_timestamp: '1000-01-01T00:00:00.000001',
    c_timestamptz: '2025-06-30T23:59:59.999999Z',
    c_binary: Uint8Array.from(Array.from({ length: 256 }, (_, i) => i)),
    c_json: 'just a string',
  },
];

/** Rows covering every supported type's edge values (0005); `idBase` shifts the ids. */
export function typesRows(table: TableSpec, idBase = 0): Row[] {
  const names = new Set(table.columns.map((c) => c.name));
  return typeValues.map((values, index) => {
    const row: Record<string, unknown> = { id: idBase + index + 1 };
    for (const [name, value] of Object.entries(values)) if (names.has(name)) row[name] = value;
    return row;
  });
}

function hasType(harness: ConnectorHarness, type: LogicalType): boolean {
  return harness.capabilities.types.includes(type);
}

function optional(harness: ConnectorHarness, columns: readonly ColumnSpec[]): ColumnSpec[] {
  return columns.filter((c) => hasType(harness, c.type));
}
